import type {
  MessageId,
  ReadState,
  Room,
  RoomId,
  RoomMessage,
  RoomSummary,
  SearchHit,
  SystemMessage,
  User,
  UserId,
  UserMessage,
  Username,
  Visibility,
} from "@parley/protocol";

export type NewRoomMessage =
  | {
      kind: "user";
      roomId: RoomId;
      author: Username;
      /** The sender's id for it: at most one message per author and clientId. */
      clientId: MessageId;
      text: string;
      threadId: MessageId | null;
      mentions: Username[];
    }
  /** A system message as the protocol has it, less what the store gives it (id, sequence, time). */
  | DistributiveOmit<SystemMessage, "id" | "seq" | "createdAt">;

/** Omit on each member of a union, so that it stays a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * Thrown by appendRoomMessage when the author already has a message with this
 * clientId (a retry that raced the original): nothing was stored.
 */
export class ClientIdTaken extends Error {
  override name = "ClientIdTaken";
}

/**
 * Where messages live. A write resolves only once it is committed, so the
 * server can acknowledge it as durable.
 */
export interface MessageStore {
  /**
   * Stores a message under the room's next sequence number (a reply also
   * counts on its parent). Rejects with ClientIdTaken, storing nothing, when
   * the author already has a message with this clientId.
   */
  appendRoomMessage(message: NewRoomMessage): Promise<RoomMessage>;
  findMessage(messageId: MessageId): Promise<UserMessage | null>;
  /** The author's message stored under this clientId, if any. */
  findByClientId(author: Username, clientId: MessageId): Promise<UserMessage | null>;
  editMessage(messageId: MessageId, text: string, mentions: Username[]): Promise<UserMessage>;
  /** Leaves a tombstone: no text, no reactions, `deleted`. */
  deleteMessage(messageId: MessageId): Promise<UserMessage>;
  /** Adds the user's reaction, or takes it back if they had it. */
  toggleReaction(messageId: MessageId, userId: UserId, emoji: string): Promise<UserMessage>;
  /** See MessageListPayload: a page by sequence, of the main timeline or of one thread. */
  listMessages(page: {
    roomId: RoomId;
    threadId: MessageId | null;
    before?: number | undefined;
    after?: number | undefined;
    limit: number;
  }): Promise<{ messages: RoomMessage[]; hasMore: boolean }>;
  /** Full-text search over the rooms `userId` belongs to. */
  search(userId: UserId, query: string, roomId: RoomId | undefined, limit: number): Promise<SearchHit[]>;
}

/** A room as an access check sees it. */
export type RoomAccess = Pick<Room, "id" | "kind" | "name" | "visibility" | "ownerId">;

export interface RoomStore {
  /** Null when the name (in any letter case) is taken. The owner becomes its first member. */
  createChannel(channel: {
    name: string;
    topic: string;
    visibility: Visibility;
    ownerId: UserId;
  }): Promise<Room | null>;
  findRoom(roomId: RoomId): Promise<Room | null>;
  /** Null when the new name is taken. */
  updateChannel(
    roomId: RoomId,
    change: { name?: string | undefined; topic?: string | undefined },
  ): Promise<Room | null>;
  /** Public channels whose name or topic contains `query`, by name. */
  browseChannels(query: string): Promise<Room[]>;
  /** The direct conversation of exactly these people, created if new. */
  openDm(userIds: UserId[]): Promise<{ room: Room; created: boolean }>;
  /** Adds members; resolves with the ones who were not members yet. */
  addMembers(roomId: RoomId, userIds: UserId[]): Promise<UserId[]>;
  /** False when the user was not a member. */
  removeMember(roomId: RoomId, userId: UserId): Promise<boolean>;
  /**
   * What an access check needs, in one cheap query (no counts): the room, and
   * whether the user is in it. Null when there is no such room.
   */
  accessOf(roomId: RoomId, userId: UserId): Promise<{ room: RoomAccess; member: boolean } | null>;
  members(roomId: RoomId): Promise<User[]>;
  /** The rooms the user belongs to, as their sidebar shows them. */
  roomsOf(user: User): Promise<RoomSummary[]>;
  /** Just the ids of those rooms: what a connecting socket joins, without counting anyone's unread. */
  roomIdsOf(user: User): Promise<RoomId[]>;
  summaryOf(roomId: RoomId, user: User): Promise<RoomSummary>;
  /** Moves the read marker forward (never back) and says what is left unread. */
  markRead(roomId: RoomId, user: User, seq: number): Promise<ReadState>;
}

export interface Account extends User {
  passwordHash: string;
}

export interface SessionRecord {
  /** The SHA-256 of the token: a leaked database does not hand out sessions. */
  id: string;
  userId: string;
  expiresAt: number;
}

export interface AccountStore {
  /** Creates the account, a member of `general`; null when the name (in any letter case) is taken. */
  createAccount(username: Username, passwordHash: string): Promise<User | null>;
  findAccount(username: Username): Promise<Account | null>;
  /** The accounts with these names (any letter case), each once, in the order asked; unknown names are left out. */
  findUsers(usernames: Username[]): Promise<User[]>;
  createSession(session: SessionRecord): Promise<void>;
  /** The session and its user, if it exists, has not expired and was not revoked. */
  findLiveSession(id: string, now: number): Promise<{ session: SessionRecord; user: User } | null>;
  revokeSession(id: string, now: number): Promise<void>;
}

export interface Store extends MessageStore, RoomStore, AccountStore {
  /** Resolves when the store answers a query; for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The database cannot be reached or cannot take the work just now. Nothing
 * is wrong with the request: it may be tried again.
 */
export class StoreUnavailable extends Error {
  override name = "StoreUnavailable";
  constructor(options?: ErrorOptions) {
    super("The database is unavailable", options);
  }
}
