import { describe, expect, it } from "vitest";
import { broadcasts, requests, type BroadcastName, type RequestName } from "./events.js";
import { MESSAGE_MAX_LENGTH } from "./messages.js";
import { resultOf } from "./result.js";

const id = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const at = 1_763_800_000_000;

/** Per event: payloads the schema must accept, and payloads it must reject. */
const requestExamples: Record<RequestName, { valid: unknown[]; invalid: unknown[] }> = {
  "room:join": {
    valid: [{ roomId: "general" }, { roomId: "team-42" }],
    invalid: [
      {},
      { roomId: 42 },
      { roomId: "General" },
      { roomId: "" },
      { roomId: "a:b" },
      { roomId: "general", extra: 1 },
    ],
  },
  "message:send": {
    valid: [
      { roomId: "general", text: "hello" },
      { roomId: "general", text: "  padded  " },
      { roomId: "general", text: "x".repeat(MESSAGE_MAX_LENGTH) },
      { roomId: "general", text: "<script>alert(1)</script>" },
      { roomId: "general", text: "😀".repeat(MESSAGE_MAX_LENGTH / 2) },
      { roomId: "general", text: "a\u0000b \u202Eevil" },
    ],
    invalid: [
      { roomId: "general" },
      { text: "hello" },
      { roomId: "general", text: "" },
      { roomId: "general", text: " \n\t " },
      { roomId: "general", text: "x".repeat(MESSAGE_MAX_LENGTH + 1) },
      { roomId: "general", text: "😀".repeat(MESSAGE_MAX_LENGTH / 2) + "x" },
      { roomId: "general", text: "lone \ud800 surrogate" },
      { roomId: "general", text: "\u200B\u200B\u2060" },
      { roomId: "general", text: "\u0000" },
      { roomId: "general", text: "\u2800\u3164" },
      { roomId: "general", text: 42 },
      { roomId: "general", text: "hi", author: "mallory" },
    ],
  },
  "private:send": {
    valid: [
      { to: "bob", text: "psst" },
      { to: "Bob_the-2nd.", text: "hi" },
    ],
    invalid: [
      { to: "bob" },
      { to: "", text: "hi" },
      { to: "bob smith", text: "hi" },
      { to: "bob", text: "" },
      { to: ["bob"], text: "hi" },
      { to: "bob", text: "hi", from: "alice" },
    ],
  },
  "presence:list": {
    valid: [{}],
    invalid: [{ all: true }],
  },
};

const userMessage = { kind: "user", id, roomId: "general", seq: 1, createdAt: at, author: "alice", text: "hi" };
const systemMessage = { kind: "system", id, roomId: "general", seq: 2, createdAt: at, event: "joined", user: "bob" };

const broadcastExamples: Record<BroadcastName, { valid: unknown[]; invalid: unknown[] }> = {
  "message:created": {
    valid: [userMessage, systemMessage],
    invalid: [
      { ...userMessage, kind: "bot" },
      { ...userMessage, seq: 0 },
      { ...userMessage, seq: 1.5 },
      { ...userMessage, id: "not-a-uuid" },
      { ...systemMessage, event: "waved" },
      { ...userMessage, text: undefined },
    ],
  },
  "private:created": {
    valid: [{ id, from: "alice", to: "bob", text: "psst", createdAt: at }],
    invalid: [
      { id, from: "alice", text: "psst", createdAt: at },
      { id, from: "alice", to: "bob", text: "psst", createdAt: "yesterday" },
    ],
  },
  "presence:changed": {
    valid: [
      { username: "alice", status: "online" },
      { username: "alice", status: "offline" },
    ],
    invalid: [{ username: "alice", status: "away" }, { status: "online" }],
  },
};

/** A short, readable test title for any value. */
function titled(values: unknown[]): [string, unknown][] {
  return values.map((value) => {
    const json = JSON.stringify(value) ?? String(value);
    return [json.length > 60 ? `${json.slice(0, 57)}...` : json, value];
  });
}

/** Values that are no event's payload. */
const notObjects = [null, undefined, "general", 42, true, [], [{ roomId: "general" }]];

describe("requests (client to server)", () => {
  it("has examples for every event, so a new event cannot go untested", () => {
    expect(Object.keys(requestExamples).sort()).toEqual(Object.keys(requests).sort());
  });

  describe.each(Object.entries(requestExamples))("%s", (event, { valid, invalid }) => {
    const { payload } = requests[event as RequestName];
    it.each(titled(valid))("accepts %s", (_, value) => expect(payload.safeParse(value).success).toBe(true));
    it.each(titled([...invalid, ...notObjects]))("rejects %s", (_, value) => {
      expect(payload.safeParse(value).success).toBe(false);
    });
  });
});

describe("broadcasts (server to client)", () => {
  it("has examples for every event", () => {
    expect(Object.keys(broadcastExamples).sort()).toEqual(Object.keys(broadcasts).sort());
  });

  describe.each(Object.entries(broadcastExamples))("%s", (event, { valid, invalid }) => {
    const schema = broadcasts[event as BroadcastName];
    it.each(titled(valid))("accepts %s", (_, value) => expect(schema.safeParse(value).success).toBe(true));
    it.each(titled([...invalid, ...notObjects]))("rejects %s", (_, value) => {
      expect(schema.safeParse(value).success).toBe(false);
    });
  });
});

describe("acknowledgements", () => {
  it("carry data or a closed-enum error, nothing else", () => {
    const schema = resultOf(requests["presence:list"].result);
    expect(schema.safeParse({ ok: true, data: { users: ["alice"] } }).success).toBe(true);
    expect(schema.safeParse({ ok: false, error: { code: "forbidden", message: "no" } }).success).toBe(true);
    expect(schema.safeParse({ ok: false, error: { code: "stack_trace", message: "at foo.ts:1" } }).success).toBe(false);
    expect(schema.safeParse({ ok: true }).success).toBe(false);
  });
});
