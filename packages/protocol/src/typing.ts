import { z } from "zod";
import { RoomId } from "./ids.js";
import { Username } from "./users.js";

/** How long a "typing" lasts unless renewed: clients renew it more often while typing. */
export const TYPING_TTL_MS = 6000;

export const TypingPayload = z.strictObject({ roomId: RoomId, typing: z.boolean() });
export type TypingPayload = z.infer<typeof TypingPayload>;

/** Someone started or stopped typing; ephemeral (a volatile emit, never stored). */
export const TypingUpdate = z.object({ roomId: RoomId, username: Username, typing: z.boolean() });
export type TypingUpdate = z.infer<typeof TypingUpdate>;
