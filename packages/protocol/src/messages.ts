import { z } from "zod";
import { RoomId } from "./rooms.js";
import { text } from "./text.js";
import { Username } from "./users.js";

/** Counted in UTF-16 code units, as JavaScript strings count. */
export const MESSAGE_MAX_LENGTH = 4000;

/** How many recent messages a room sends to someone who joins it. */
export const HISTORY_LIMIT = 50;

export const MessageId = z.uuid();
export type MessageId = z.infer<typeof MessageId>;

/** Milliseconds since the Unix epoch, set by the server. */
export const Timestamp = z.number().int().nonnegative();

/** A room's messages are numbered 1, 2, 3, ... in the order the server stored them. */
export const Sequence = z.number().int().positive();

/** Nothing a reader would see: spaces, invisible format and control characters, blank glyphs. */
const invisible = /^[\p{White_Space}\p{Cf}\p{Cc}\u2800\u3164\u115F\u1160\uFFA0]*$/u;

/** Stored and sent exactly as typed: never trimmed, never interpreted as HTML. */
export const MessageText = text(MESSAGE_MAX_LENGTH, "A message")
  .refine((value) => value.length > 0, "A message cannot be empty")
  .refine((value) => !invisible.test(value), "A message cannot be blank");

const roomMessageFields = {
  id: MessageId,
  roomId: RoomId,
  seq: Sequence,
  createdAt: Timestamp,
};

/** Something a person wrote in a room. */
export const UserMessage = z.object({
  kind: z.literal("user"),
  ...roomMessageFields,
  author: Username,
  text: MessageText,
});
export type UserMessage = z.infer<typeof UserMessage>;

/**
 * Something that happened in a room, told by the server ("alice joined").
 * It carries the event, not prose, so each client words it in its own way.
 */
export const SystemMessage = z.object({
  kind: z.literal("system"),
  ...roomMessageFields,
  event: z.enum(["joined", "left"]),
  user: Username,
});
export type SystemMessage = z.infer<typeof SystemMessage>;

export const RoomMessage = z.discriminatedUnion("kind", [UserMessage, SystemMessage]);
export type RoomMessage = z.infer<typeof RoomMessage>;

export const MessageSendPayload = z.strictObject({
  roomId: RoomId,
  text: MessageText,
});
export type MessageSendPayload = z.infer<typeof MessageSendPayload>;

/** A room's most recent messages, oldest first. */
export const RoomHistory = z.object({
  roomId: RoomId,
  messages: z.array(RoomMessage),
});
export type RoomHistory = z.infer<typeof RoomHistory>;
