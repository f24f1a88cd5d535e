import {
  PROTOCOL_VERSION,
  ProtocolError,
  broadcasts,
  err,
  ok,
  type BroadcastName,
  type ClientToServerEvents,
  type HandshakeAuth,
  type MessageId,
  type MessagePage,
  type ReadState,
  type RequestName,
  type RequestPayload,
  type RequestResult,
  type Result,
  type Room,
  type RoomCreatePayload,
  type RoomDirectory,
  type RoomId,
  type RoomMembers,
  type RoomMessage,
  type RoomRemoved,
  type RoomSummary,
  type RoomUpdatePayload,
  type SearchResults,
  type ServerToClientEvents,
  type User,
  type Username,
} from "@parley/protocol";
import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import {
  initialChatState,
  nextTypingExpiry,
  withConnection,
  withMessageCreated,
  withMessageUpdated,
  withOnlineUsers,
  withPage,
  withPresenceChange,
  withReadState,
  withRoomAdded,
  withRoomList,
  withRoomRemoved,
  withRoomUpdated,
  withTyping,
  withTypingExpired,
  type ChatState,
} from "./chat-state.js";
import { createStore, type Store } from "./store.js";

export type ParleySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** At most one "typing" per room this often while typing: the server's notice lasts TYPING_TTL_MS. */
export const TYPING_THROTTLE_MS = 2000;
/** On (re)connect, the newest page of this many rooms is loaded (the rest when opened). */
export const PRELOADED_ROOMS = 30;

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

type Done = RequestResult<"typing:set">;

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
  /** Posts to a room, or replies in a thread; stops the "typing" notice. */
  send(roomId: RoomId, text: string, threadId?: MessageId): Promise<Result<RoomMessage>>;
  edit(messageId: MessageId, text: string): Promise<Result<RoomMessage>>;
  delete(messageId: MessageId): Promise<Result<RoomMessage>>;
  /** Adds the reaction, or takes it back. */
  react(messageId: MessageId, emoji: string): Promise<Result<RoomMessage>>;
  /** The room's newest page if none is loaded, else the page before its oldest message. */
  loadOlder(roomId: RoomId): Promise<Result<MessagePage>>;
  /** The thread's newest replies. */
  loadThread(roomId: RoomId, threadId: MessageId): Promise<Result<MessagePage>>;
  /** Everything in the room up to its newest message is read, on all devices. */
  markRead(roomId: RoomId): Promise<Result<ReadState>>;
  createChannel(channel: RoomCreatePayload): Promise<Result<RoomSummary>>;
  browse(query?: string): Promise<Result<RoomDirectory>>;
  join(roomId: RoomId): Promise<Result<RoomSummary>>;
  leave(roomId: RoomId): Promise<Result<RoomRemoved>>;
  invite(roomId: RoomId, usernames: Username[]): Promise<Result<RoomMembers>>;
  updateRoom(update: RoomUpdatePayload): Promise<Result<Room>>;
  members(roomId: RoomId): Promise<Result<RoomMembers>>;
  /** The direct conversation with these people (not yourself), opened or created. */
  openDm(usernames: Username[]): Promise<Result<RoomSummary>>;
  search(query: string, roomId?: RoomId): Promise<Result<SearchResults>>;
  /** Throttled: call it on every keystroke. */
  setTyping(roomId: RoomId, typing: boolean): Promise<Result<Done>>;
  setAway(away: boolean): Promise<Result<Done>>;
}

export function createParleyClient(options: ParleyClientOptions): ParleyClient {
  const { user, token, requestTimeoutMs = 10_000, validateEvents = true } = options;
  const auth: HandshakeAuth =
    token === undefined ? { protocolVersion: PROTOCOL_VERSION } : { protocolVersion: PROTOCOL_VERSION, token };
  // withCredentials: a page on another allowed origin sends the cookie too (same-origin pages always do).
  const socketOptions = { autoConnect: false, withCredentials: true, auth, ...options.socketOptions };
  const socket: ParleySocket = options.url === undefined ? io(socketOptions) : io(options.url, socketOptions);
  const store = createStore(initialChatState(user.username));
  const update = store.update;
  /** When "typing" was last sent, per room, while typing. */
  const typingSent = new Map<RoomId, number>();
  /** Page loads under way, so a scroll event firing twice asks once. */
  const loading = new Map<string, Promise<Result<MessagePage>>>();
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let away = false;

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

  /** Applies a successful answer to the store, and hands the Result on. */
  function applied<T>(result: Result<T>, apply: (state: ChatState, data: T) => ChatState): Result<T> {
    if (result.ok) update((state) => apply(state, result.data));
    return result;
  }

  function loadPage(
    key: string,
    payload: RequestPayload<"message:list">,
    direction: "latest" | "before",
  ): Promise<Result<MessagePage>> {
    const pending = loading.get(key);
    if (pending) return pending;
    const page = request("message:list", payload)
      .then((result) => applied(result, (state, data) => withPage(state, data, direction)))
      .finally(() => loading.delete(key));
    loading.set(key, page);
    return page;
  }

  const loadLatest = (roomId: RoomId) => loadPage(`${roomId}:latest`, { roomId }, "latest");

  /** Every (re)connection starts from the server's truth: the rooms, their newest messages, who is online. */
  async function resync(): Promise<void> {
    const [list, presence] = await Promise.all([request("room:list", {}), request("presence:list", {})]);
    if (presence.ok) update((state) => withOnlineUsers(state, presence.data));
    if (away) void request("presence:set", { status: "away" });
    if (!list.ok) return;
    update((state) => withRoomList(state, list.data.rooms));
    const { threads } = store.getSnapshot();
    const threadLoads = Object.entries(threads).flatMap(([threadId, thread]) => {
      const roomId = thread.messages[0]?.roomId;
      return roomId === undefined ? [] : [loadThread(roomId, threadId)];
    });
    await Promise.all([
      ...list.data.rooms.slice(0, PRELOADED_ROOMS).map((room) => loadLatest(room.id)),
      ...threadLoads,
    ]);
  }

  function loadThread(roomId: RoomId, threadId: MessageId): Promise<Result<MessagePage>> {
    return loadPage(`${roomId}:${threadId}:latest`, { roomId, threadId }, "latest");
  }

  function loadOlder(roomId: RoomId): Promise<Result<MessagePage>> {
    const timeline = store.getSnapshot().timelines[roomId];
    const oldest = timeline?.messages[0];
    if (!timeline || !oldest) return loadLatest(roomId);
    if (!timeline.hasOlder) return Promise.resolve(ok({ roomId, threadId: null, messages: [], hasMore: false }));
    return loadPage(`${roomId}:before:${oldest.seq}`, { roomId, before: oldest.seq }, "before");
  }

  function scheduleTypingExpiry(): void {
    clearTimeout(typingTimer);
    const next = nextTypingExpiry(store.getSnapshot());
    if (next === null) return;
    typingTimer = setTimeout(
      () => {
        update((state) => withTypingExpired(state, Date.now()));
        scheduleTypingExpiry();
      },
      Math.max(0, next - Date.now()),
    );
  }

  async function setTyping(roomId: RoomId, typing: boolean): Promise<Result<Done>> {
    const now = Date.now();
    if (typing) {
      const last = typingSent.get(roomId);
      if (last !== undefined && now - last < TYPING_THROTTLE_MS) return ok({});
      typingSent.set(roomId, now);
    } else {
      // Nothing to stop unless "typing" went out.
      if (!typingSent.delete(roomId)) return ok({});
    }
    return request("typing:set", { roomId, typing });
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

  on("message:created", (message) => update((state) => withMessageCreated(state, message)));
  on("message:updated", (message) => update((state) => withMessageUpdated(state, message)));
  on("room:added", (room) => {
    update((state) => withRoomAdded(state, room));
    void loadLatest(room.id);
  });
  on("room:updated", (room) => update((state) => withRoomUpdated(state, room)));
  on("room:removed", ({ roomId }) => update((state) => withRoomRemoved(state, roomId)));
  on("read:updated", (read) => update((state) => withReadState(state, read)));
  on("typing:updated", (typing) => {
    update((state) => withTyping(state, typing, Date.now()));
    scheduleTypingExpiry();
  });
  on("presence:changed", (change) => update((state) => withPresenceChange(state, change)));

  socket.on("connect", () => {
    update((state) => withConnection(state, "online"));
    typingSent.clear();
    void resync();
  });
  socket.on("disconnect", () => {
    // After a drop socket.io-client reconnects by itself; after a deliberate
    // disconnect by either side ("io server disconnect": the session ended,
    // e.g. signed out in another tab) it does not.
    update((state) => withConnection(state, socket.active ? "reconnecting" : "closed"));
  });
  socket.on("connect_error", (error: Error & { data?: unknown }) => {
    // A network failure: socket.io-client is retrying. A refusal by the
    // server's middleware (`unauthorized` above all) ends the attempts.
    if (socket.active) return;
    const refusal = ProtocolError.safeParse(error.data);
    const rejection = refusal.success ? refusal.data : { code: "internal" as const, message: error.message };
    update((state) => withConnection(state, "rejected", rejection));
  });

  const roomAnswer = (result: Result<RoomSummary>) => {
    applied(result, withRoomAdded);
    if (result.ok) void loadLatest(result.data.id);
    return result;
  };

  return {
    socket,
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    request,
    connect() {
      update((state) => withConnection(state, state.connection === "online" ? "online" : "connecting"));
      socket.connect();
    },
    close() {
      clearTimeout(typingTimer);
      socket.disconnect();
      update((state) => withConnection(state, "closed"));
    },
    async send(roomId, text, threadId) {
      void setTyping(roomId, false);
      const result = await request(
        "message:send",
        threadId === undefined ? { roomId, text } : { roomId, text, threadId },
      );
      return applied(result, withMessageCreated);
    },
    edit: async (messageId, text) => applied(await request("message:edit", { messageId, text }), withMessageUpdated),
    delete: async (messageId) => applied(await request("message:delete", { messageId }), withMessageUpdated),
    react: async (messageId, emoji) =>
      applied(await request("message:react", { messageId, emoji }), withMessageUpdated),
    loadOlder,
    loadThread,
    async markRead(roomId) {
      const room = store.getSnapshot().rooms[roomId];
      if (!room) return err("not_found", `You are not in the room ${roomId}`);
      const { read, lastSeq } = room;
      if (read.lastReadSeq >= lastSeq && read.unread === 0 && read.mentions === 0) return ok(read);
      // The badge clears at once; the server's answer (and read:updated) confirm it.
      update((state) => withReadState(state, { roomId, lastReadSeq: lastSeq, unread: 0, mentions: 0 }));
      return applied(await request("room:read", { roomId, seq: lastSeq }), withReadState);
    },
    createChannel: async (channel) => roomAnswer(await request("room:create", channel)),
    browse: (query = "") => request("room:browse", { query }),
    join: async (roomId) => roomAnswer(await request("room:join", { roomId })),
    leave: async (roomId) =>
      applied(await request("room:leave", { roomId }), (state, data) => withRoomRemoved(state, data.roomId)),
    invite: (roomId, usernames) => request("room:invite", { roomId, usernames }),
    updateRoom: async (change) => applied(await request("room:update", change), withRoomUpdated),
    members: (roomId) => request("room:members", { roomId }),
    openDm: async (usernames) => roomAnswer(await request("dm:open", { usernames })),
    search: (query, roomId) => request("message:search", roomId === undefined ? { query } : { query, roomId }),
    setTyping,
    setAway(value) {
      away = value;
      return request("presence:set", { status: value ? "away" : "online" });
    },
  };
}
