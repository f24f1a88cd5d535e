import { randomUUID } from "node:crypto";
import { PROTOCOL_VERSION } from "@parley/protocol";
import { describe, expect } from "vitest";
import { MAX_PACKET_BYTES } from "../../src/app.js";
import { it as serverIt, joinGeneral, type TestSocket } from "../harness.js";
import { expectUnharmed, prototypeSnapshot, wentOffline } from "./expectations.js";
import { RawSocket, rawSignedIn } from "./support.js";

interface People {
  /** Writes frames by hand; has joined `general`. */
  mallory: RawSocket;
  alice: TestSocket;
  bob: TestSocket;
}

const it = serverIt.extend<{ people: People }>({
  people: async ({ server }, use) => {
    const [alice, bob, mallory] = await Promise.all([
      joinGeneral(server, "alice"),
      joinGeneral(server, "bob"),
      rawSignedIn(server, "mallory"),
    ]);
    expect(await mallory.request("room:join", { roomId: "general" })).toMatchObject({ ok: true });
    await use({ mallory, alice, bob });
    mallory.close();
  },
});

/** The built-in prototypes before any hostile frame; the server runs in this process. */
const baseline = prototypeSnapshot();

const millionAttachments = '451000000-["message:send",{"_placeholder":true,"num":0}]';

/** Frames after which the server must drop the connection, closing the WebSocket with a close frame. */
const dropped: [string, (string | Buffer)[]][] = [
  ["an event whose name is an object", ['42[{"a":1}]']],
  ["an event with no name", ["42[]"]],
  ["an event named null", ["42[null]"]],
  ["an event named after a reserved one (disconnect)", ['42["disconnect"]', '421["disconnect",{}]']],
  ["invalid JSON", ["42["]],
  ["a JSON payload that is not an array", ['42{"0":"message:send"}']],
  ["an unknown Socket.IO packet type", ["49"]],
  ["an unknown Engine.IO packet type", ["7"]],
  ["a Socket.IO packet type that is not a digit", ["4x"]],
  ["a binary event announcing a million attachments", [millionAttachments]],
  ["a binary frame nobody announced", [Buffer.from([0xde, 0xad, 0xbe, 0xef])]],
  [
    "an attachment placeholder pointing past the attachments",
    ['451-["message:send",{"_placeholder":true,"num":5}]', Buffer.from("x")],
  ],
  ["a second CONNECT to a namespace already connected", [`40{"protocolVersion":${PROTOCOL_VERSION}}`]],
  ["a heartbeat ping from the client (Engine.IO 4 pings only from the server)", ["2"]],
];

/**
 * Frames the server must ignore: no harm, and the connection stays up. Events
 * it does not know get no answer, except `invalid_payload` to those that ask
 * for one (with an ack id, `42<id>[...]`), as every request is answered.
 */
const ignored: [string, string[]][] = [
  ["an event named error", ['42["error"]', '421["error",{"polluted":true}]']],
  ["an event named __proto__", ['42["__proto__"]', '422["__proto__",{"polluted":true}]']],
  ["an event named constructor", ['42["constructor",{}]', '423["constructor",{"prototype":{"polluted":true}}]']],
  ["events named after other Object.prototype members", ['424["toString",{}]', '425["hasOwnProperty","x"]']],
  ["an event the protocol does not have", ['426["admin:grant",{"user":"mallory"}]']],
  ["an event named with a number", ["42[7]", "427[7,{}]"]],
  ["an event without a payload, so without a name", ["42", "4213"]],
  ["ACKs for requests the server never made", ["43999[]", '430["forged"]']],
  ["Engine.IO upgrade and noop packets on an open WebSocket", ["5", "6"]],
];

describe("frames that break the protocol", () => {
  it.for(dropped)("%s: the server drops that connection and no one else", async ([, frames], { people }) => {
    const { mallory, alice } = people;
    const gone = wentOffline(alice, "mallory");
    const since = mallory.frames.length;
    for (const frame of frames) mallory.send(frame);

    const closed = await mallory.closed;
    // A close frame, not a reset: Engine.IO closed the WebSocket on purpose.
    expect([1000, 1005]).toContain(closed.code);
    await gone;
    expect(mallory.frames.slice(since).filter((frame) => frame.startsWith("43"))).toEqual([]);
    await expectUnharmed(people, baseline);
  });

  it(`a frame over the ${MAX_PACKET_BYTES}-byte limit closes the connection with 1009 (too big)`, async ({
    people,
  }) => {
    const { mallory, alice } = people;
    const gone = wentOffline(alice, "mallory");
    const text = "x".repeat(MAX_PACKET_BYTES);
    mallory.send(`42${JSON.stringify(["message:send", { clientId: randomUUID(), roomId: "general", text }])}`);
    expect((await mallory.closed).code).toBe(1009);
    await gone;
    await expectUnharmed(people, baseline);
  });
});

describe("frames the server ignores", () => {
  it.for(ignored)("%s: no answer but a refusal, and the connection stays up", async ([, frames], { people }) => {
    const { mallory } = people;
    const since = mallory.frames.length;
    for (const frame of frames) mallory.send(frame);

    await mallory.barrier();
    expect(mallory.isClosed).toBe(false);
    // Besides the barrier's ack (id 1000 and up), one invalid_payload for each event that asked for an answer.
    const askedFor = frames.flatMap((frame) => /^42(\d+)\[/.exec(frame)?.[1] ?? []);
    const refusal = (id: string): unknown =>
      expect.stringMatching(new RegExp(`^43${id}\\[\\{"ok":false,"error":\\{"code":"invalid_payload"`));
    await expect
      .poll(() => mallory.frames.slice(since).filter((frame) => /^43\d{1,3}\[/.test(frame)))
      .toEqual(askedFor.map(refusal));
    await expectUnharmed(people, baseline);
  });

  it("CONNECT to a namespace that does not exist is refused, and the connection stays up", async ({ people }) => {
    const { mallory } = people;
    const since = mallory.frames.length;
    mallory.send(`40/admin,{"protocolVersion":${PROTOCOL_VERSION}}`);
    await mallory.barrier();
    expect(mallory.frames.slice(since)).toContainEqual(expect.stringMatching(/^44\/admin,\{/));
    await expectUnharmed(people, baseline);
  });

  it("a namespace DISCONNECT ends mallory's socket; she may CONNECT again on the same connection", async ({
    server,
    people,
  }) => {
    const { mallory, alice } = people;
    const gone = wentOffline(alice, "mallory");
    mallory.send("41");
    await gone;
    const token = await server.token("mallory");
    expect(await mallory.connectNamespace({ protocolVersion: PROTOCOL_VERSION, token })).toMatch(/^40\{"sid"/);
    await mallory.barrier();
    await expectUnharmed(people, baseline);
  });
});

describe("binary attachments", () => {
  it("an attachment where the schema wants a string is answered with invalid_payload", async ({ people }) => {
    const { mallory } = people;
    const since = mallory.frames.length;
    mallory.send('451-7["message:send",{"roomId":"general","text":{"_placeholder":true,"num":0}}]');
    mallory.send(Buffer.from("binary text"));
    const ack = await mallory.next((frame) => frame.startsWith("437["), "the ack", since);
    expect(JSON.parse(ack.slice(3))).toEqual([
      { ok: false, error: { code: "invalid_payload", message: expect.any(String) } },
    ]);
    await expectUnharmed(people, baseline);
  });
});

describe("events from a connection that is not signed in", () => {
  async function sneakIn(mallory: RawSocket): Promise<void> {
    const since = mallory.frames.length;
    mallory.send('421["message:send",{"roomId":"general","text":"sneaked in"}]');
    mallory.send('422["room:join",{"roomId":"general"}]');
    expect([1000, 1005]).toContain((await mallory.closed).code);
    expect(mallory.frames.slice(since)).toEqual([]);
  }

  it("before any CONNECT: the connection is dropped and nothing is stored", async ({ server, people }) => {
    const stranger = await RawSocket.open(server);
    await sneakIn(stranger);
    await expectUnharmed(people, baseline);
  });

  it("after a refused CONNECT: the connection is dropped and nothing is stored", async ({ server, people }) => {
    const stranger = await RawSocket.open(server);
    const refusal = await stranger.connectNamespace({ protocolVersion: PROTOCOL_VERSION, token: "forged" });
    expect(JSON.parse(refusal.slice(2))).toMatchObject({ data: { code: "unauthorized" } });
    await sneakIn(stranger);
    await expectUnharmed(people, baseline);
  });
});
