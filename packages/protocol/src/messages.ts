import { z } from "zod";
import { RoomId } from "./rooms.js";
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

/** Stored and sent exactly as typed: never trimmed, never interpreted as HTML. */
export const MessageText = z
  .string()
  .min(1, "A message cannot be empty")
  .max(MESSAGE_MAX_LENGTH, `A message is at most ${MESSAGE_MAX_LENGTH} characters`)
  .refine((text) => text.trim().length > 0, "A message cannot be blank");

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
