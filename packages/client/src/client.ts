import {
  DEFAULT_ROOM_ID,
  PROTOCOL_VERSION,
  ProtocolError,
  broadcasts,
  err,
  type BroadcastName,
  type ClientToServerEvents,
  type HandshakeAuth,
  type PrivateMessage,
  type RequestName,
  type RequestPayload,
  type RequestResult,
  type Result,
  type RoomId,
  type RoomMessage,
  type ServerToClientEvents,
  type User,
  type Username,
} from "@parley/protocol";
import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import {
  initialChatState,
  withConnection,
  withOnlineUsers,
  withPresenceChange,
  withPrivateMessage,
  withRoomMessages,
  type ChatState,
} from "./chat-state.js";
import { createStore, type Store } from "./store.js";

export type ParleySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ParleyClientOptions {
  /** The server's address; in a browser, leave it out to use the page's origin. */
  url?: string;
  /**
   * Who is signed in: the `user` of the Session or TokenGrant that signing in
   * returned (or of `getSession()`). The server knows it from the session; the
   * client needs it to tell its own messages from others'.
   */
  user: User;
  /**
   * A bearer token from `createToken` (Node, a CLI, a bot). Leave it out in a
   * browser: the session cookie, which page scripts cannot read, signs the
   * socket in.
   */
  token?: string;
  /** How long a request waits for its ack before resolving with `timeout`. */
  requestTimeoutMs?: number;
  /**
   * Check every event from the server against the protocol and drop what does
   * not match. On by default; turn it off only where you trust the server and
   * count microseconds.
   */
  validateEvents?: boolean;
  /** Passed to socket.io-client, e.g. `{ transports: ["websocket"] }`. */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
}

export interface ParleyClient extends Store<ChatState> {
  /** The underlying typed socket, for what the SDK does not wrap. */
  readonly socket: ParleySocket;
  connect(): void;
  close(): void;
  request<E extends RequestName>(
    event: E,
    payload: RequestPayload<E>,
    options?: { timeoutMs?: number },
  ): Promise<Result<RequestResult<E>>>;
  send(roomId: RoomId, text: string): Promise<Result<RoomMessage>>;
  sendPrivate(to: Username, text: string): Promise<Result<PrivateMessage>>;
}

export function createParleyClient(options: ParleyClientOptions): ParleyClient {
  const { user, token, requestTimeoutMs = 10_000, validateEvents = true } = options;
  const auth: HandshakeAuth =
    token === undefined ? { protocolVersion: PROTOCOL_VERSION } : { protocolVersion: PROTOCOL_VERSION, token };
  // withCredentials: a page on another allowed origin sends the cookie too (same-origin pages always do).
  const socketOptions = { autoConnect: false, withCredentials: true, auth, ...options.socketOptions };
  const socket: ParleySocket = options.url === undefined ? io(socketOptions) : io(options.url, socketOptions);
  const store = createStore(initialChatState(user.username));

  async function request<E extends RequestName>(
    event: E,
    payload: RequestPayload<E>,
    { timeoutMs = requestTimeoutMs } = {},
  ): Promise<Result<RequestResult<E>>> {
    // socket.io-client cannot relate a generic event name to its argument
    // list; the public signature above is what keeps callers honest.
    const timed = socket.timeout(timeoutMs) as unknown as {
      emitWithAck(event: E, payload: RequestPayload<E>): Promise<Result<RequestResult<E>>>;
    };
    try {
      return await timed.emitWithAck(event, payload);
    } catch {
      return err("timeout", `No answer to ${event} within ${timeoutMs} ms`);
    }
  }

  /** Every (re)connection starts from the server's truth: history and who is online. */
  async function resync(): Promise<void> {
    const [history, presence] = await Promise.all([
      request("room:join", { roomId: DEFAULT_ROOM_ID }),
      request("presence:list", {}),
    ]);
    if (history.ok) store.update((state) => withRoomMessages(state, history.data.roomId, history.data.messages));
    if (presence.ok) store.update((state) => withOnlineUsers(state, presence.data.users));
  }

  function on<E extends BroadcastName>(event: E, apply: (payload: Parameters<ServerToClientEvents[E]>[0]) => void) {
    const listener = (payload: unknown) => {
      if (!validateEvents) return apply(payload as Parameters<ServerToClientEvents[E]>[0]);
      const parsed = broadcasts[event].safeParse(payload);
      if (parsed.success) apply(parsed.data as Parameters<ServerToClientEvents[E]>[0]);
      else console.warn(`[parley] dropped a malformed ${event} event`, parsed.error.issues);
    };
    // The listener takes unknown on purpose: it checks the payload before trusting it.
    socket.on(event, listener as never);
  }

  on("message:created", (message) => store.update((state) => withRoomMessages(state, message.roomId, [message])));
  on("private:created", (message) => store.update((state) => withPrivateMessage(state, message)));
  on("presence:changed", (change) => store.update((state) => withPresenceChange(state, change)));

  socket.on("connect", () => {
    store.update((state) => withConnection(state, "online"));
    void resync();
  });
  socket.on("disconnect", () => {
    // After a drop socket.io-client reconnects by itself; after a deliberate
    // disconnect by either side ("io server disconnect": the session ended,
    // e.g. signed out in another tab) it does not.
    store.update((state) => withConnection(state, socket.active ? "reconnecting" : "closed"));
  });
  socket.on("connect_error", (error: Error & { data?: unknown }) => {
    // A network failure: socket.io-client is retrying. A refusal by the
    // server's middleware (`unauthorized` above all) ends the attempts.
    if (socket.active) return;
    const refusal = ProtocolError.safeParse(error.data);
    const rejection = refusal.success ? refusal.data : { code: "internal" as const, message: error.message };
    store.update((state) => withConnection(state, "rejected", rejection));
  });

  return {
    socket,
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    request,
    connect() {
      store.update((state) => withConnection(state, state.connection === "online" ? "online" : "connecting"));
      socket.connect();
    },
    close() {
      socket.disconnect();
      store.update((state) => withConnection(state, "closed"));
    },
    send: (roomId, text) => request("message:send", { roomId, text }),
    sendPrivate: (to, text) => request("private:send", { to, text }),
  };
}
