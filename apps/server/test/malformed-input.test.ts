import { randomUUID } from "node:crypto";
import { MESSAGE_MAX_LENGTH, requests, type ProtocolError, type RequestName } from "@parley/protocol";
import { describe, expect } from "vitest";
import { history, itWithPeople, nextMessages, type TestSocket } from "./harness.js";
import { optionalFields, wellFormed } from "./well-formed-payloads.js";

/** Mallory sends the garbage; alice and bob show the server still serves everyone. */
const it = itWithPeople("mallory", "alice", "bob");
type People = Record<"mallory" | "alice" | "bob", TestSocket>;

const valid = wellFormed;
const optional = optionalFields;

function brokenPayloads(event: RequestName): [string, unknown][] {
  const payload = valid[event];
  return [
    ["no payload at all", undefined],
    ["null", null],
    ["a string", "general"],
    ["a number", 42],
    ["an array", [payload]],
    ["an extra field", { ...payload, isAdmin: true }],
    // A computed key makes an own "__proto__" property, which JSON carries to the server.
    ["a __proto__ key", { ...payload, ["__proto__"]: { polluted: true } }],
    ...Object.keys(payload).flatMap((field): [string, unknown][] => [
      ...(optional.has(`${event}.${field}`)
        ? []
        : [[`${field} missing`, { ...payload, [field]: undefined }] as [string, unknown]]),
      [`${field} of the wrong type`, { ...payload, [field]: typeof payload[field] === "number" ? "12345" : 12345 }],
      [`${field} as an object`, { ...payload, [field]: { toString: "x" } }],
    ]),
  ];
}

/** Emits anything, bypassing the protocol's types, as a hostile client would. */
function rawEmitWithAck(socket: TestSocket, event: string, ...args: unknown[]): Promise<unknown> {
  return (socket.timeout(5000).emitWithAck as (event: string, ...args: unknown[]) => Promise<unknown>)(event, ...args);
}

function rawEmit(socket: TestSocket, event: string, ...args: unknown[]): void {
  (socket.emit as (event: string, ...args: unknown[]) => void)(event, ...args);
}

/** Proves the server still serves everyone: alice posts and bob receives it. */
async function stillServing({ alice, bob }: People): Promise<void> {
  const received = nextMessages(bob);
  const ack = await alice.emitWithAck("message:send", {
    clientId: randomUUID(),
    roomId: "general",
    text: "still here?",
  });
  expect(ack.ok).toBe(true);
  expect((await received)[0]).toMatchObject({ author: "alice", text: "still here?" });
}

describe.each(Object.keys(requests) as RequestName[])("%s", (event) => {
  it("answers every malformed payload with invalid_payload, and the server keeps serving", async ({ people }) => {
    const { mallory } = people;
    for (const [what, payload] of brokenPayloads(event)) {
      const ack = (await rawEmitWithAck(mallory, event, payload)) as { ok: boolean; error: ProtocolError };
      expect(ack, what).toEqual({ ok: false, error: { code: "invalid_payload", message: expect.any(String) } });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await stillServing(people);
  });

  it("refuses extra arguments", async ({ people }) => {
    const { mallory } = people;
    const ack = (await rawEmitWithAck(mallory, event, valid[event], "extra")) as { ok: boolean; error: ProtocolError };
    expect(ack.error.code).toBe("invalid_payload");
  });

  it("ignores a malformed payload sent without an ack callback", async ({ people }) => {
    const { mallory } = people;
    rawEmit(mallory, event, { nonsense: true });
    rawEmit(mallory, event);
    // Mallory's next request is answered after those were handled.
    expect(await mallory.emitWithAck("presence:list", {})).toMatchObject({ ok: true });
    await stillServing(people);
  });
});

describe("sizes", () => {
  it("refuses a message one character over the limit, and accepts one at the limit", async ({ people }) => {
    const { mallory } = people;
    const over = await mallory.emitWithAck("message:send", {
      clientId: randomUUID(),
      roomId: "general",
      text: "x".repeat(MESSAGE_MAX_LENGTH + 1),
    });
    expect(over.ok || over.error.code).toBe("invalid_payload");
    const atLimit = await mallory.emitWithAck("message:send", {
      clientId: randomUUID(),
      roomId: "general",
      text: "x".repeat(MESSAGE_MAX_LENGTH),
    });
    expect(atLimit.ok).toBe(true);
  });

  it("drops the connection of a client that sends a 1 MB string, and serves the others", async ({ people }) => {
    const { mallory, bob } = people;
    const dropped = new Promise<string>((resolve) => mallory.once("disconnect", resolve));
    rawEmit(mallory, "message:send", { clientId: randomUUID(), roomId: "general", text: "x".repeat(1_000_000) });
    expect(await dropped).toMatch(/transport (close|error)/);
    await stillServing(people);
    // Nothing of it was stored.
    const messages = await history(bob);
    expect(messages.every((m) => m.kind === "system" || m.text.length < 1000)).toBe(true);
  });
});

describe("requests without an ack callback", () => {
  it("still carries out a valid one", async ({ people }) => {
    const { mallory, bob } = people;
    const received = nextMessages(bob);
    rawEmit(mallory, "message:send", { clientId: randomUUID(), roomId: "general", text: "fire and forget" });
    expect((await received)[0]).toMatchObject({ author: "mallory", text: "fire and forget" });
  });
});

describe("events that are not requests", () => {
  it("ignores unknown event names and reserved ones", async ({ people }) => {
    const { mallory } = people;
    rawEmit(mallory, "message:delete", { id: "x" });
    rawEmit(mallory, "presence:changed", { changes: [{ username: "alice", status: "offline" }] });
    rawEmit(mallory, "message:created", { kind: "user", text: "forged" });
    expect(await mallory.emitWithAck("presence:list", {})).toEqual({
      ok: true,
      data: { users: ["alice", "bob", "mallory"], away: [] },
    });
    await stillServing(people);
  });

  it("answers an unknown event that expects an answer with invalid_payload", async ({ people }) => {
    const { mallory } = people;
    for (const event of ["message:unsend", "presence:changed", "hello"]) {
      expect(await rawEmitWithAck(mallory, event, { roomId: "general" })).toEqual({
        ok: false,
        error: { code: "invalid_payload", message: expect.stringContaining(`no event "${event}"`) as string },
      });
    }
    await stillServing(people);
  });
});
