import { z } from "zod";
import {
  MessageEditPayload,
  MessageListPayload,
  MessagePage,
  MessageReactPayload,
  MessageRef,
  MessageSendPayload,
  NewMessages,
  RoomMessage,
} from "./messages.js";
import { OnlineUsers, PresenceChanges, PresenceListPayload, PresenceSetPayload } from "./presence.js";
import type { Result } from "./result.js";
import {
  DmOpenPayload,
  ReadState,
  Room,
  RoomBrowsePayload,
  RoomCreatePayload,
  RoomDirectory,
  RoomInvitePayload,
  RoomList,
  RoomListPayload,
  RoomMembers,
  RoomReadPayload,
  RoomRef,
  RoomRemoved,
  RoomSummary,
  RoomUpdatePayload,
} from "./rooms.js";
import { SearchPayload, SearchResults } from "./search.js";
import { TypingPayload, TypingUpdate } from "./typing.js";
import type { SocketData } from "./users.js";

export const ServerClosing = z.object({ reason: z.enum(["shutdown"]) });
export type ServerClosing = z.infer<typeof ServerClosing>;

/** The answer of a request that has nothing to say but "done". */
export const Done = z.object({});

/**
 * Client to server: every event is a request, answered through its ack with a
 * Result. Names are imperative `domain:verb`. Every request about a room or a
 * message is refused with `forbidden` (or `not_found`) unless the user may see it.
 */
export const requests = {
  /** The rooms the user belongs to, with what is unread in each. */
  "room:list": { payload: RoomListPayload, result: RoomList },
  /** Public channels, filtered by name and topic. */
  "room:browse": { payload: RoomBrowsePayload, result: RoomDirectory },
  /** A new channel; its creator owns it and is its first member. */
  "room:create": { payload: RoomCreatePayload, result: RoomSummary },
  /** Become a member of a public channel. */
  "room:join": { payload: RoomRef, result: RoomSummary },
  /** Stop being a member (not of `general`). */
  "room:leave": { payload: RoomRef, result: RoomRemoved },
  /** Members add people to a channel; the only way into a private one. */
  "room:invite": { payload: RoomInvitePayload, result: RoomMembers },
  /** The owner renames a channel or changes its topic. */
  "room:update": { payload: RoomUpdatePayload, result: Room },
  "room:members": { payload: RoomRef, result: RoomMembers },
  /** Mark everything up to `seq` as read, on all of the user's devices. */
  "room:read": { payload: RoomReadPayload, result: ReadState },
  /** The direct conversation with these people, opened or created. */
  "dm:open": { payload: DmOpenPayload, result: RoomSummary },
  /** Post to a room, or reply in a thread; everyone in the room gets `message:created`. */
  "message:send": { payload: MessageSendPayload, result: RoomMessage },
  /** The author edits; everyone gets `message:updated`. */
  "message:edit": { payload: MessageEditPayload, result: RoomMessage },
  /** The author deletes: a tombstone stays; everyone gets `message:updated`. */
  "message:delete": { payload: MessageRef, result: RoomMessage },
  /** Add the reaction, or take it back if the user had it. */
  "message:react": { payload: MessageReactPayload, result: RoomMessage },
  /** A page of a room's (or a thread's) history. */
  "message:list": { payload: MessageListPayload, result: MessagePage },
  /** Full-text search over the rooms the user belongs to. */
  "message:search": { payload: SearchPayload, result: SearchResults },
  /** Started or stopped typing; others get a volatile `typing:updated`. */
  "typing:set": { payload: TypingPayload, result: Done },
  /** Away or back online; everyone gets it in the next `presence:changed` batch. */
  "presence:set": { payload: PresenceSetPayload, result: Done },
  /** Who is connected now. */
  "presence:list": { payload: PresenceListPayload, result: OnlineUsers },
} as const satisfies Record<string, { payload: z.ZodType; result: z.ZodType }>;

/** Server to client: what happened, named in the past tense. */
export const broadcasts = {
  /** New messages in a room the user belongs to (replies too: see threadId), in batches, lean (see NewMessages). */
  "message:created": NewMessages,
  /** A message was edited, deleted, reacted to, or replied to (its replyCount). */
  "message:updated": RoomMessage,
  /** The user now belongs to this room (created, joined, invited, a conversation opened). */
  "room:added": RoomSummary,
  /** A room the user belongs to was renamed, got a new topic or new members. */
  "room:updated": Room,
  /** The user left this room (on another device, too). */
  "room:removed": RoomRemoved,
  /** The user read a room, here or on another device. */
  "read:updated": ReadState,
  "typing:updated": TypingUpdate,
  /** Who came online, went away or went offline lately, in batches (see PresenceChanges). */
  "presence:changed": PresenceChanges,
  /**
   * The server is stopping (a deploy, a restart) and will close this
   * connection; the SDK reconnects by itself, with backoff, until it is back.
   */
  "server:closing": ServerClosing,
} as const satisfies Record<string, z.ZodType>;

export type RequestName = keyof typeof requests;
/** What a sender may pass (before the schema's parsing and defaults). */
export type RequestPayload<E extends RequestName> = z.input<(typeof requests)[E]["payload"]>;
export type RequestResult<E extends RequestName> = z.output<(typeof requests)[E]["result"]>;
export type Ack<T> = (result: Result<T>) => void;

export type BroadcastName = keyof typeof broadcasts;
export type BroadcastPayload<E extends BroadcastName> = z.output<(typeof broadcasts)[E]>;

/** The four maps that type both ends: `Server<C2S, S2C, ISE, SD>` and `Socket<S2C, C2S>`. */
export type ClientToServerEvents = {
  [E in RequestName]: (payload: RequestPayload<E>, ack: Ack<RequestResult<E>>) => void;
};
export type ServerToClientEvents = {
  [E in BroadcastName]: (payload: BroadcastPayload<E>) => void;
};
/** Nodes say nothing to each other yet; the Redis adapter will carry room broadcasts. */
export type InterServerEvents = Record<never, never>;
export type { SocketData };
