import type { PresenceChange, PrivateMessage, ProtocolError, RoomId, RoomMessage, Username } from "@parley/protocol";

/**
 * `connecting` before the first connection, `reconnecting` after a drop (the
 * SDK retries by itself), `rejected` when the server refused the handshake
 * (see `rejection`; `unauthorized` means: sign in again), `closed` after
 * `close()` or when the server ended the connection (the session ended, e.g.
 * signed out in another tab).
 */
export type ConnectionState = "connecting" | "online" | "reconnecting" | "rejected" | "closed";

export interface ChatState {
  /** The signed-in user's name. */
  readonly username: Username;
  readonly connection: ConnectionState;
  readonly rejection: ProtocolError | null;
  /** Each joined room's messages, in sequence order, without duplicates. */
  readonly rooms: Readonly<Record<RoomId, readonly RoomMessage[]>>;
  /** Connected users, sorted. */
  readonly online: readonly Username[];
  /** Private conversations, keyed by the other person's name. */
  readonly privateChats: Readonly<Record<Username, readonly PrivateMessage[]>>;
}

export function initialChatState(username: Username): ChatState {
  return { username, connection: "connecting", rejection: null, rooms: {}, online: [], privateChats: {} };
}

/**
 * Merges messages into a room by sequence number, so that history fetched on
 * a reconnect and live broadcasts can overlap or arrive in any order.
 */
export function withRoomMessages(state: ChatState, roomId: RoomId, incoming: readonly RoomMessage[]): ChatState {
  const current = state.rooms[roomId] ?? [];
  const bySeq = new Map(current.map((message) => [message.seq, message]));
  let changed = false;
  for (const message of incoming) {
    if (!bySeq.has(message.seq)) {
      bySeq.set(message.seq, message);
      changed = true;
    }
  }
  if (!changed && roomId in state.rooms) return state;
  const messages = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  return { ...state, rooms: { ...state.rooms, [roomId]: messages } };
}

/** Files a private message under the other person's name; ignores a repeat. */
export function withPrivateMessage(state: ChatState, message: PrivateMessage): ChatState {
  const peer = message.from === state.username ? message.to : message.from;
  const chat = state.privateChats[peer] ?? [];
  if (chat.some((existing) => existing.id === message.id)) return state;
  const messages = [...chat, message].sort((a, b) => a.createdAt - b.createdAt);
  return { ...state, privateChats: { ...state.privateChats, [peer]: messages } };
}

export function withOnlineUsers(state: ChatState, users: readonly Username[]): ChatState {
  return { ...state, online: [...users].sort() };
}

export function withPresenceChange(state: ChatState, change: PresenceChange): ChatState {
  const others = state.online.filter((name) => name !== change.username);
  const online = change.status === "online" ? [...others, change.username].sort() : others;
  return { ...state, online };
}

export function withConnection(
  state: ChatState,
  connection: ConnectionState,
  rejection: ProtocolError | null = null,
): ChatState {
  if (state.connection === connection && state.rejection === rejection) return state;
  return { ...state, connection, rejection };
}
