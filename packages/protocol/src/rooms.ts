import { z } from "zod";
import { RoomId, SequenceCursor } from "./ids.js";
import { text } from "./text.js";
import { User, UserId, Username } from "./users.js";

/** Everyone is a member of this channel; it always exists and nobody owns it. */
export const DEFAULT_ROOM_ID = "general";

/** The most people in a direct conversation, the opener included. */
export const DM_MAX_MEMBERS = 8;

/** Lowercase, like Slack's: unique among channels. */
export const ChannelName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,79}$/, "A channel name is 1 to 80 lowercase letters, digits, '-' or '_'");
export type ChannelName = z.infer<typeof ChannelName>;

export const Topic = text(250, "A topic");

export const Visibility = z.enum(["public", "private"]);
export type Visibility = z.infer<typeof Visibility>;

/**
 * A place to talk. A channel has a name, a topic and an owner; anyone may find
 * and join a public one, a private one only by invitation. A direct
 * conversation ("dm") is between fixed people (2 to DM_MAX_MEMBERS) and is
 * always private.
 */
export const Room = z.object({
  id: RoomId,
  kind: z.enum(["channel", "dm"]),
  /** A channel's name; empty for a direct conversation (its members name it). */
  name: z.string(),
  topic: z.string(),
  visibility: Visibility,
  /** Who may rename it and change its topic; null for `general` and for direct conversations. */
  ownerId: UserId.nullable(),
  memberCount: z.number().int().nonnegative(),
  /** The newest message's sequence number; 0 while it has none. */
  lastSeq: SequenceCursor,
});
export type Room = z.infer<typeof Room>;

/** Where a member is in a room: what they have read, and what is new since. */
export const ReadState = z.object({
  roomId: RoomId,
  lastReadSeq: SequenceCursor,
  /** Messages by others after lastReadSeq. */
  unread: z.number().int().nonnegative(),
  /** Of those, the ones that @mention the member. */
  mentions: z.number().int().nonnegative(),
});
export type ReadState = z.infer<typeof ReadState>;

/** A room as one of its members sees it in their sidebar. */
export const RoomSummary = Room.extend({
  /** Everyone in a direct conversation (for its name); empty for channels, see room:members. */
  dmMembers: z.array(Username),
  read: ReadState,
});
export type RoomSummary = z.infer<typeof RoomSummary>;

export const RoomListPayload = z.strictObject({});
export type RoomListPayload = z.infer<typeof RoomListPayload>;

export const RoomRef = z.strictObject({ roomId: RoomId });
export type RoomRef = z.infer<typeof RoomRef>;

export const RoomCreatePayload = z.strictObject({
  name: ChannelName,
  topic: Topic.default(""),
  visibility: Visibility,
});
export type RoomCreatePayload = z.input<typeof RoomCreatePayload>;

export const RoomBrowsePayload = z.strictObject({
  /** Matches channel names and topics; empty lists every public channel. */
  query: text(80, "A search").default(""),
});
export type RoomBrowsePayload = z.input<typeof RoomBrowsePayload>;

export const RoomUpdatePayload = z
  .strictObject({ roomId: RoomId, name: ChannelName.optional(), topic: Topic.optional() })
  .refine((update) => update.name !== undefined || update.topic !== undefined, "Give a new name or topic");
export type RoomUpdatePayload = z.input<typeof RoomUpdatePayload>;

export const RoomInvitePayload = z.strictObject({
  roomId: RoomId,
  usernames: z.array(Username).min(1).max(50),
});
export type RoomInvitePayload = z.input<typeof RoomInvitePayload>;

export const DmOpenPayload = z.strictObject({
  /** The other people (not yourself): 1 for a one-to-one conversation, up to 7 for a group. */
  usernames: z
    .array(Username)
    .min(1)
    .max(DM_MAX_MEMBERS - 1),
});
export type DmOpenPayload = z.input<typeof DmOpenPayload>;

export const RoomReadPayload = z.strictObject({ roomId: RoomId, seq: SequenceCursor });
export type RoomReadPayload = z.input<typeof RoomReadPayload>;

export const RoomList = z.object({ rooms: z.array(RoomSummary) });
export type RoomList = z.infer<typeof RoomList>;

export const RoomDirectory = z.object({ rooms: z.array(Room) });
export type RoomDirectory = z.infer<typeof RoomDirectory>;

export const RoomMembers = z.object({ roomId: RoomId, members: z.array(User) });
export type RoomMembers = z.infer<typeof RoomMembers>;

export const RoomRemoved = z.object({ roomId: RoomId });
export type RoomRemoved = z.infer<typeof RoomRemoved>;
