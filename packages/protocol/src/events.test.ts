import { describe, expect, it } from "vitest";
import { broadcasts, requests, type BroadcastName, type RequestName } from "./events.js";
import { MESSAGE_MAX_LENGTH } from "./messages.js";
import { resultOf } from "./result.js";

const id = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const at = 1_763_800_000_000;

const uid = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
const text = "hello";

/** Per event: payloads the schema must accept, and payloads it must reject. */
const requestExamples: Record<RequestName, { valid: unknown[]; invalid: unknown[] }> = {
  "room:list": { valid: [{}], invalid: [{ all: true }] },
  "room:browse": {
    valid: [{}, { query: "" }, { query: "design" }],
    invalid: [{ query: 42 }, { query: "x".repeat(81) }, { query: "a", page: 2 }],
  },
  "room:create": {
    valid: [
      { name: "design", visibility: "public" },
      { name: "team_42-x", topic: "Our team", visibility: "private" },
    ],
    invalid: [
      { name: "Design", visibility: "public" },
      { name: "has space", visibility: "public" },
      { name: "design", visibility: "secret" },
      { name: "design" },
      { name: "design", visibility: "public", topic: "x".repeat(251) },
      { name: "design", visibility: "public", ownerId: uid },
    ],
  },
  "room:join": {
    valid: [{ roomId: "general" }, { roomId: "team-42" }, { roomId: "d-0123456789abcdef0123456789abcdef" }],
    invalid: [
      {},
      { roomId: 42 },
      { roomId: "General" },
      { roomId: "" },
      { roomId: "a:b" },
      { roomId: "general", extra: 1 },
    ],
  },
  "room:leave": { valid: [{ roomId: "design" }], invalid: [{}, { roomId: "user:alice" }] },
  "room:invite": {
    valid: [{ roomId: "design", usernames: ["bob"] }],
    invalid: [
      { roomId: "design", usernames: [] },
      { roomId: "design", usernames: ["not valid"] },
      { roomId: "design" },
    ],
  },
  "room:update": {
    valid: [
      { roomId: "design", name: "design-team" },
      { roomId: "design", topic: "" },
    ],
    invalid: [{ roomId: "design" }, { roomId: "design", name: "Design Team" }, { roomId: "design", ownerId: uid }],
  },
  "room:members": { valid: [{ roomId: "design" }], invalid: [{}, { roomId: "design", all: true }] },
  "room:read": {
    valid: [
      { roomId: "design", seq: 0 },
      { roomId: "design", seq: 42 },
    ],
    invalid: [{ roomId: "design" }, { roomId: "design", seq: -1 }, { roomId: "design", seq: 1.5 }],
  },
  "dm:open": {
    valid: [{ usernames: ["bob"] }, { usernames: ["b", "c", "d", "e", "f", "g", "h"] }],
    invalid: [{ usernames: [] }, { usernames: ["b", "c", "d", "e", "f", "g", "h", "i"] }, { usernames: "bob" }],
  },
  "message:send": {
    valid: [
      { clientId: uid, roomId: "general", text },
      { clientId: uid, roomId: "general", text: "  padded  " },
      { clientId: uid, roomId: "general", text: "x".repeat(MESSAGE_MAX_LENGTH) },
      { clientId: uid, roomId: "general", text: "<script>alert(1)</script>" },
      { clientId: uid, roomId: "general", text: "😀".repeat(MESSAGE_MAX_LENGTH / 2) },
      { clientId: uid, roomId: "general", text: "a\u0007b \u202Eevil" },
      { clientId: uid, roomId: "general", text, threadId: id },
    ],
    invalid: [
      { clientId: uid, roomId: "general" },
      { clientId: uid, text },
      { clientId: uid, roomId: "general", text: "" },
      { clientId: uid, roomId: "general", text: " \n\t " },
      { clientId: uid, roomId: "general", text: "x".repeat(MESSAGE_MAX_LENGTH + 1) },
      { clientId: uid, roomId: "general", text: "😀".repeat(MESSAGE_MAX_LENGTH / 2) + "x" },
      { clientId: uid, roomId: "general", text: "lone \ud800 surrogate" },
      { clientId: uid, roomId: "general", text: "\u200B\u200B\u2060" },
      { clientId: uid, roomId: "general", text: "\u0000" },
      { clientId: uid, roomId: "general", text: "a\u0000b" },
      { clientId: uid, roomId: "general", text: "\u2800\u3164" },
      { clientId: uid, roomId: "general", text: 42 },
      { clientId: uid, roomId: "general", text: "hi", author: "mallory" },
      { clientId: uid, roomId: "general", text, threadId: "not-a-uuid" },
      { roomId: "general", text },
      { clientId: "not-a-uuid", roomId: "general", text },
    ],
  },
  "message:edit": {
    valid: [{ messageId: id, text }],
    invalid: [{ messageId: id }, { messageId: id, text: "" }, { messageId: "x", text }],
  },
  "message:delete": { valid: [{ messageId: id }], invalid: [{}, { messageId: id, hard: true }] },
  "message:react": {
    valid: [
      { messageId: id, emoji: "👍" },
      { messageId: id, emoji: ":tada:" },
    ],
    invalid: [
      { messageId: id, emoji: "" },
      { messageId: id, emoji: "two words" },
      { messageId: id, emoji: "x".repeat(33) },
    ],
  },
  "message:list": {
    valid: [
      { roomId: "general" },
      { roomId: "general", before: 100, limit: 20 },
      { roomId: "general", after: 0, threadId: id },
      { roomId: "general", around: id, limit: 20 },
    ],
    invalid: [
      { roomId: "general", before: 10, after: 2 },
      { roomId: "general", around: id, before: 10 },
      { roomId: "general", around: "not-an-id" },
      { roomId: "general", limit: 0 },
      { roomId: "general", limit: 1000 },
      { roomId: "general", before: -1 },
    ],
  },
  "message:search": {
    valid: [{ query: "hello" }, { query: "hello world", roomId: "general", limit: 5 }],
    invalid: [{ query: "" }, { query: "   " }, { query: "x".repeat(201) }, { query: "hi", limit: 500 }],
  },
  "typing:set": {
    valid: [{ roomId: "general", typing: true }],
    invalid: [{ roomId: "general" }, { roomId: "general", typing: "yes" }],
  },
  "presence:set": {
    valid: [{ status: "away" }, { status: "online" }],
    invalid: [{ status: "offline" }, { status: "busy" }, {}],
  },
  "presence:list": { valid: [{}], invalid: [{ all: true }] },
};

const userMessage = {
  kind: "user",
  id,
  roomId: "general",
  seq: 1,
  createdAt: at,
  author: "alice",
  clientId: uid,
  text: "hi @bob",
  threadId: null,
  replyCount: 0,
  editedAt: null,
  deleted: false,
  reactions: [{ emoji: "👍", users: ["bob"] }],
  mentions: ["bob"],
};
const systemMessage = { kind: "system", id, roomId: "general", seq: 2, createdAt: at, event: "joined", user: "bob" };
const room = {
  id: "design",
  kind: "channel",
  name: "design",
  topic: "",
  visibility: "public",
  ownerId: uid,
  memberCount: 2,
  lastSeq: 0,
};
const read = { roomId: "design", lastReadSeq: 0, unread: 0, mentions: 0 };

const broadcastExamples: Record<BroadcastName, { valid: unknown[]; invalid: unknown[] }> = {
  "message:created": {
    valid: [
      { messages: [userMessage] },
      { messages: [systemMessage, { ...userMessage, seq: 3 }] },
      { messages: [{ ...userMessage, threadId: id, text: "", deleted: true }] },
      // Lean: what is at its default may be left out (see LeanUserMessage).
      { messages: [{ ...userMessage, reactions: undefined }] },
      {
        messages: [
          { kind: "user", id, roomId: "general", seq: 4, createdAt: at, author: "alice", clientId: uid, text: "hi" },
        ],
      },
    ],
    invalid: [
      userMessage,
      { messages: [] },
      { messages: [{ ...userMessage, kind: "bot" }] },
      { messages: [{ ...userMessage, seq: 0 }] },
      { messages: [{ ...userMessage, seq: 1.5 }] },
      { messages: [{ ...userMessage, id: "not-a-uuid" }] },
      { messages: [{ ...systemMessage, event: "waved" }] },
      { messages: [userMessage, { ...userMessage, text: undefined }] },
      { messages: [{ ...userMessage, reactions: null }] },
      { messages: [{ ...userMessage, clientId: undefined }] },
      { messages: [{ ...userMessage, replyCount: -1 }] },
    ],
  },
  "message:updated": { valid: [{ ...userMessage, editedAt: at }], invalid: [{ ...userMessage, replyCount: -1 }] },
  "room:added": {
    valid: [{ ...room, dmMembers: [], read }],
    invalid: [room, { ...room, dmMembers: [], read: { ...read, unread: -1 } }],
  },
  "room:updated": {
    valid: [room],
    invalid: [
      { ...room, kind: "group" },
      { ...room, visibility: "secret" },
    ],
  },
  "room:removed": { valid: [{ roomId: "design" }], invalid: [{}] },
  "read:updated": { valid: [read], invalid: [{ ...read, lastReadSeq: -1 }] },
  "typing:updated": {
    valid: [{ roomId: "general", username: "alice", typing: true }],
    invalid: [{ roomId: "general", username: "alice" }],
  },
  "server:closing": { valid: [{ reason: "shutdown" }], invalid: [{ reason: "bored" }, {}] },
  "presence:changed": {
    valid: [
      { changes: [{ username: "alice", status: "online" }] },
      {
        changes: [
          { username: "alice", status: "away" },
          { username: "bob", status: "offline" },
        ],
      },
    ],
    invalid: [
      { changes: [] },
      { changes: [{ username: "alice", status: "busy" }] },
      { changes: [{ status: "online" }] },
      { username: "alice", status: "online" },
    ],
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
    expect(schema.safeParse({ ok: true, data: { users: ["alice"], away: [] } }).success).toBe(true);
    expect(schema.safeParse({ ok: false, error: { code: "forbidden", message: "no" } }).success).toBe(true);
    expect(schema.safeParse({ ok: false, error: { code: "stack_trace", message: "at foo.ts:1" } }).success).toBe(false);
    expect(schema.safeParse({ ok: true }).success).toBe(false);
  });
});
