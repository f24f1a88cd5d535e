import { randomUUID } from "node:crypto";
import type { RequestName } from "@parley/protocol";

const MESSAGE_ID = "00000000-0000-4000-8000-000000000000";

/** A well-formed payload for each request, for tests that break them in every way. */
export const wellFormed: Record<RequestName, Record<string, unknown>> = {
  "room:list": {},
  "room:browse": { query: "gen" },
  "room:create": { name: "plans", topic: "", visibility: "public" },
  "room:join": { roomId: "general" },
  "room:leave": { roomId: "general" },
  "room:invite": { roomId: "general", usernames: ["alice"] },
  "room:update": { roomId: "general", topic: "hello" },
  "room:members": { roomId: "general" },
  "room:read": { roomId: "general", seq: 0 },
  "dm:open": { usernames: ["alice"] },
  "message:send": { clientId: randomUUID(), roomId: "general", text: "hello" },
  "message:edit": { messageId: MESSAGE_ID, text: "hello" },
  "message:delete": { messageId: MESSAGE_ID },
  "message:react": { messageId: MESSAGE_ID, emoji: "👍" },
  "message:list": { roomId: "general", limit: 10 },
  "message:search": { query: "hello" },
  "typing:set": { roomId: "general", typing: true },
  "presence:set": { status: "away" },
  "presence:list": {},
};

/** Fields a request may leave out (they have defaults), as `event.field`. */
export const optionalFields = new Set(["room:browse.query", "room:create.topic", "message:list.limit"]);
