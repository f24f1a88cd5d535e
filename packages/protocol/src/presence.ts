import { z } from "zod";
import { Username } from "./users.js";

export const PresenceStatus = z.enum(["online", "offline"]);
export type PresenceStatus = z.infer<typeof PresenceStatus>;

/** A user came online (their first tab connected) or went offline (their last tab closed). */
export const PresenceChange = z.object({
  username: Username,
  status: PresenceStatus,
});
export type PresenceChange = z.infer<typeof PresenceChange>;

export const PresenceListPayload = z.strictObject({});
export type PresenceListPayload = z.infer<typeof PresenceListPayload>;

/** Everyone connected now, sorted by name. */
export const OnlineUsers = z.object({
  users: z.array(Username),
});
export type OnlineUsers = z.infer<typeof OnlineUsers>;
