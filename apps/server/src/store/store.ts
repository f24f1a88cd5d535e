import type { PrivateMessage, RoomId, RoomMessage, SystemMessage, User, Username } from "@parley/protocol";

export type NewRoomMessage =
  | { kind: "user"; roomId: RoomId; author: Username; text: string }
  | { kind: "system"; roomId: RoomId; event: SystemMessage["event"]; user: Username };

export type NewPrivateMessage = Pick<PrivateMessage, "from" | "to" | "text">;

/**
 * Where messages live. A write resolves only once it is committed, so the
 * server can acknowledge it as durable.
 */
export interface MessageStore {
  /** Stores a room message under the room's next sequence number. */
  appendRoomMessage(message: NewRoomMessage): Promise<RoomMessage>;
  /** The room's latest `limit` messages, oldest first. */
  recentRoomMessages(roomId: RoomId, limit: number): Promise<RoomMessage[]>;
  savePrivateMessage(message: NewPrivateMessage): Promise<PrivateMessage>;
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
  /** Creates the account; null when the name (in any letter case) is taken. */
  createAccount(username: Username, passwordHash: string): Promise<User | null>;
  findAccount(username: Username): Promise<Account | null>;
  createSession(session: SessionRecord): Promise<void>;
  /** The session and its user, if it exists, has not expired and was not revoked. */
  findLiveSession(id: string, now: number): Promise<{ session: SessionRecord; user: User } | null>;
  revokeSession(id: string, now: number): Promise<void>;
}

export interface Store extends MessageStore, AccountStore {
  /** Resolves when the store answers a query; for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
