import { z } from "zod";
import { Username } from "./users.js";

/** Away is set by the client (an idle or hidden tab); offline when the last socket closes. */
export const PresenceStatus = z.enum(["online", "away", "offline"]);
export type PresenceStatus = z.infer<typeof PresenceStatus>;

/** A user came online (their first socket connected), went away, or went offline (their last socket closed). */
export const PresenceChange = z.object({
  username: Username,
  status: PresenceStatus,
});
export type PresenceChange = z.infer<typeof PresenceChange>;

/**
 * Presence changes sent together: the server gathers them over a short window
 * (250 ms on Parley's server), so that a storm of arrivals or departures costs
 * each client one packet per window, not one per person. Within one batch a
 * person appears at most once, with their latest status (gone and back within
 * the window is just back). Everyone gets it, the person's own sockets too.
 */
export const PresenceChanges = z.object({
  changes: z.array(PresenceChange).min(1),
});
export type PresenceChanges = z.infer<typeof PresenceChanges>;

export const PresenceListPayload = z.strictObject({});
export type PresenceListPayload = z.infer<typeof PresenceListPayload>;

export const PresenceSetPayload = z.strictObject({ status: z.enum(["online", "away"]) });
export type PresenceSetPayload = z.infer<typeof PresenceSetPayload>;

/** Everyone connected now, sorted by name, with their status. */
export const OnlineUsers = z.object({
  users: z.array(Username),
  away: z.array(Username),
});
export type OnlineUsers = z.infer<typeof OnlineUsers>;
