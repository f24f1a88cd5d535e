import { z } from "zod";

// Identifiers and counters that several domains share.

/** A room: a channel or a direct conversation. `general` is one; others are server-assigned. */
export const RoomId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "A room id is 1 to 64 lowercase letters, digits or '-'");
export type RoomId = z.infer<typeof RoomId>;

export const MessageId = z.uuid();
export type MessageId = z.infer<typeof MessageId>;

/** Milliseconds since the Unix epoch, set by the server. */
export const Timestamp = z.number().int().nonnegative();

/** A room's messages (thread replies included) are numbered 1, 2, 3, ... in the order the server stored them. */
export const Sequence = z.number().int().positive();

/** A position in a room's sequence: 0 is before the first message. */
export const SequenceCursor = z.number().int().nonnegative();
