import type { PrivateMessage, RoomId, RoomMessage, SystemMessage, Username } from "@parley/protocol";

export type NewRoomMessage =
  | { kind: "user"; roomId: RoomId; author: Username; text: string }
  | { kind: "system"; roomId: RoomId; event: SystemMessage["event"]; user: Username };

export type NewPrivateMessage = Pick<PrivateMessage, "from" | "to" | "text">;

/**
 * Where messages live. A write resolves only once it is committed, so the
 * server can acknowledge it as durable.
 */
export interface Store {
  /** Stores a room message under the room's next sequence number. */
  appendRoomMessage(message: NewRoomMessage): Promise<RoomMessage>;
  /** The room's latest `limit` messages, oldest first. */
  recentRoomMessages(roomId: RoomId, limit: number): Promise<RoomMessage[]>;
  savePrivateMessage(message: NewPrivateMessage): Promise<PrivateMessage>;
  /** Resolves when the store answers a query; for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
