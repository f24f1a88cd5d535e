import {
  MESSAGE_MAX_LENGTH,
  PROTOCOL_VERSION,
  requests,
  type ErrorCode as Code,
  type RequestName,
} from "@parley/protocol";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  joinGeneral,
  relaxRealtimeLimits,
  scratchDir,
  startServer,
  type TestServer,
  type TestSocket,
} from "../harness.js";
import { expectCleanPrototypes, isWellFormedResult, prototypeSnapshot, stillServing } from "./expectations.js";
import { RawSocket, rawEmitWithAck } from "./support.js";

const baseline = prototypeSnapshot();
const dir = scratchDir();
let server: TestServer;
let mallory: TestSocket;
let alice: TestSocket;
let bob: TestSocket;

beforeAll(async () => {
  server = await startServer(`${dir.path}/parley.db`, (config) => {
    // The fuzzer sends far more than a person would; the limits are not under test here.
    relaxRealtimeLimits(config);
    config.rateLimits.handshakesPerIp = { points: 1_000_000, seconds: 1 };
  });
  [mallory, alice, bob] = await Promise.all([
    joinGeneral(server, "mallory"),
    joinGeneral(server, "alice"),
    joinGeneral(server, "bob"),
  ]);
});

afterAll(async () => {
  await server.close();
  dir.cleanup();
});

const events = Object.keys(requests) as RequestName[];

/**
 * What else a schema-valid request may be answered with: the room, message or
 * user may not exist or not be the caller's, a channel name may be taken.
 */
const roomRefusals: Code[] = ["not_found", "forbidden"];
const refusalsOfValidRequests: Record<RequestName, Code[]> = {
  "room:list": [],
  "room:browse": [],
  "room:create": ["invalid_payload"],
  "room:join": roomRefusals,
  "room:leave": roomRefusals,
  "room:invite": roomRefusals,
  "room:update": [...roomRefusals, "invalid_payload"],
  "room:members": roomRefusals,
  "room:read": roomRefusals,
  "dm:open": ["not_found", "invalid_payload"],
  // A clientId used before, for another message (see clientIds).
  "message:send": [...roomRefusals, "invalid_payload", "conflict"],
  "message:edit": roomRefusals,
  "message:delete": roomRefusals,
  "message:react": roomRefusals,
  "message:list": roomRefusals,
  "message:search": roomRefusals,
  "typing:set": roomRefusals,
  "presence:set": [],
  "presence:list": [],
};

const anything = fc.anything({
  maxDepth: 4,
  maxKeys: 6,
  stringUnit: "binary",
  withNullPrototype: true,
  withSparseArray: true,
});

const roomIds = fc.oneof(
  { weight: 3, arbitrary: fc.constant("general") },
  fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,31}$/),
  fc.constantFrom("General", "user:alice", "constructor", "__proto__", "", "general\n", "g".repeat(33)),
);

const texts = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.integer({ min: MESSAGE_MAX_LENGTH - 3, max: MESSAGE_MAX_LENGTH + 3 }).map((length) => "x".repeat(length)),
  fc.string({ unit: fc.constantFrom(" ", "\t", "\n", "\u00a0", "\u3000", "\ufeff", "\u200b", "\u0000"), maxLength: 4 }),
  fc.constantFrom("'); DROP TABLE room_messages; --", "<script>alert(1)</script>", "a\u0000b", "\u202Eabc", "😀"),
);

const usernames = fc.oneof(
  fc.constantFrom("alice", "bob", "ALICE", "mallory", "nobody", "__proto__", "constructor"),
  fc.stringMatching(/^[A-Za-z0-9_.-]{1,32}$/),
  fc.string({ maxLength: 40 }),
);

/** A field that is usually of the right kind, sometimes anything at all. */
const field = (good: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: anything });

const messageIds = fc.oneof(fc.uuid(), fc.constantFrom("00000000-0000-4000-8000-000000000000", "not-a-uuid"));
/** Fresh ones, and one that comes back, so retries and conflicts are exercised too. */
const clientIds = fc.oneof(fc.uuid(), fc.constantFrom("7c9e6679-7425-40de-944b-e07fc1f90ae7", "not-a-uuid", ""));
const seqs = fc.oneof(fc.nat(1000), fc.constantFrom(-1, 1.5, Number.MAX_SAFE_INTEGER));
const channelNames = fc.oneof(
  fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/),
  fc.constantFrom("general", "General", ""),
);

const fieldsOf: Record<RequestName, Record<string, fc.Arbitrary<unknown>>> = {
  "room:list": {},
  "room:browse": { query: field(texts) },
  "room:create": {
    name: field(channelNames),
    topic: field(texts),
    visibility: field(fc.constantFrom("public", "private", "secret")),
  },
  "room:join": { roomId: field(roomIds) },
  "room:leave": { roomId: field(roomIds) },
  "room:invite": { roomId: field(roomIds), usernames: field(fc.array(usernames, { maxLength: 3 })) },
  "room:update": { roomId: field(roomIds), name: field(channelNames), topic: field(texts) },
  "room:members": { roomId: field(roomIds) },
  "room:read": { roomId: field(roomIds), seq: field(seqs) },
  "dm:open": { usernames: field(fc.array(usernames, { maxLength: 9 })) },
  "message:send": {
    clientId: field(clientIds),
    roomId: field(roomIds),
    text: field(texts),
    threadId: field(messageIds),
  },
  "message:edit": { messageId: field(messageIds), text: field(texts) },
  "message:delete": { messageId: field(messageIds) },
  "message:react": { messageId: field(messageIds), emoji: field(fc.constantFrom("👍", ":tada:", "", " ")) },
  "message:list": {
    roomId: field(roomIds),
    before: field(seqs),
    after: field(seqs),
    around: field(messageIds),
    limit: field(fc.integer({ min: -1, max: 60 })),
    threadId: field(messageIds),
  },
  "message:search": { query: field(texts), roomId: field(roomIds), limit: field(fc.integer({ min: -1, max: 60 })) },
  "typing:set": { roomId: field(roomIds), typing: field(fc.boolean()) },
  "presence:set": { status: field(fc.constantFrom("online", "away", "offline")) },
  "presence:list": {},
};

/** Payloads shaped like the event's: right or wrong types, a field left out now and then, extra keys now and then. */
function shaped(event: RequestName): fc.Arbitrary<Record<string, unknown>> {
  const fields = fieldsOf[event];
  const record = fc.oneof(
    { weight: 4, arbitrary: fc.record(fields) },
    { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) },
  );
  const extra = fc.option(fc.dictionary(fc.string({ maxLength: 12 }), anything, { maxKeys: 2 }), { freq: 4 });
  return fc.tuple(record, extra).map(([payload, more]) => (more ? { ...more, ...payload } : payload));
}

/** What the server receives: the payload after a trip through JSON, as Socket.IO sends it. */
function onTheWire(payload: unknown): unknown {
  return (JSON.parse(JSON.stringify([payload])) as unknown[])[0];
}

async function checkAnswer(event: RequestName, payload: unknown): Promise<void> {
  const ack = await rawEmitWithAck(mallory, event, payload);
  expect(ack).toSatisfy(isWellFormedResult);
  const parsed = requests[event].payload.safeParse(onTheWire(payload));
  const result = ack as { ok: boolean; data?: unknown; error?: { code: Code } };
  if (!parsed.success) {
    expect(result.error?.code).toBe("invalid_payload");
    return;
  }
  if (!result.ok) {
    expect(refusalsOfValidRequests[event]).toContain(result.error?.code);
    return;
  }
  expect(requests[event].result.safeParse(result.data).success).toBe(true);
  // Accepted text comes back exactly as it was sent.
  const text = (parsed.data as { text?: unknown }).text;
  if (text !== undefined) expect((result.data as { text: unknown }).text === text).toBe(true);
}

describe.each(events)("%s", (event) => {
  it("answers arbitrary values with a well-formed Result, and refuses what the schema refuses", async () => {
    await fc.assert(
      fc.asyncProperty(anything, (payload) => checkAnswer(event, payload)),
      { numRuns: 200 },
    );
    expectCleanPrototypes(baseline);
    await stillServing(alice, bob);
  }, 60_000);

  it("answers payloads shaped like its own, with right and wrong types, as the schema says", async () => {
    await fc.assert(
      fc.asyncProperty(shaped(event), (payload) => checkAnswer(event, payload)),
      { numRuns: 200 },
    );
    expectCleanPrototypes(baseline);
    await stillServing(alice, bob);
  }, 60_000);
});

describe("raw frames", () => {
  const names = fc.constantFrom(...events, "error", "__proto__", "constructor", "disconnect", "connect", "newListener");
  const frames: fc.Arbitrary<string | Uint8Array> = fc.oneof(
    fc.string({ unit: "binary", maxLength: 80 }),
    fc.string({ unit: "binary", maxLength: 80 }).map((rest) => `4${rest}`),
    fc.string({ unit: "binary", maxLength: 80 }).map((rest) => `42${rest}`),
    fc
      .tuple(fc.option(fc.nat(99_999)), names, fc.array(anything, { maxLength: 3 }))
      .map(([id, name, args]) => `42${id ?? ""}${JSON.stringify([name, ...args])}`),
    fc
      .tuple(fc.integer({ min: -1, max: 20 }), fc.array(anything, { maxLength: 3 }))
      .map(([attachments, args]) => `45${attachments}-${JSON.stringify(["message:send", ...args])}`),
    fc.uint8Array({ maxLength: 40 }),
  );

  it("every frame either closes that connection cleanly or leaves it serving", async () => {
    const token = await server.token("mallory");
    await fc.assert(
      fc.asyncProperty(
        // A namespace DISCONNECT is a legitimate goodbye that leaves the connection
        // idle, covered in raw-frames.test.ts. (socket.io-parser reads whitespace
        // as digits of an ack id, so "41 " is one too.)
        frames.filter((frame) => typeof frame !== "string" || !/^41(\/,)?[\d\s]*$/.test(frame)),
        async (frame) => {
          const socket = await RawSocket.open(server);
          expect(await socket.connectNamespace({ protocolVersion: PROTOCOL_VERSION, token })).toMatch(/^40\{"sid"/);
          socket.send(typeof frame === "string" ? frame : Buffer.from(frame));
          const outcome = await Promise.race([
            socket.closed.then((closed) => `closed ${closed.code}`),
            socket.request("presence:list", {}).then(
              (ack) => ((ack as { ok?: unknown }).ok === true ? "served" : `answered ${JSON.stringify(ack)}`),
              // The request may be cut off by the close, which settles the race anyway.
              () => socket.closed.then((closed) => `closed ${closed.code}`),
            ),
          ]);
          socket.close();
          expect(["served", "closed 1000", "closed 1005"]).toContain(outcome);
        },
      ),
      { numRuns: 200 },
    );
    expectCleanPrototypes(baseline);
    await stillServing(alice, bob);
  }, 60_000);
});
