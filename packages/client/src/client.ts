import {
  HISTORY_LIMIT,
  MessageSendPayload,
  PROTOCOL_VERSION,
  ProtocolError,
  broadcasts,
  fullMessage,
  err,
  ok,
  rateLimited,
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
  withMessagesRefreshed,
  withOutbox,
  withOnlineUsers,
  withPage,
  withPresenceChanges,
  withReadState,
  withRoomAdded,
  withRoomList,
  withRoomRemoved,
  withRoomUpdated,
  withTyping,
  withTypingExpired,
  type ChatState,
  type PageDirection,
} from "./chat-state.js";
import { draftKey, memoryDrafts, type DraftStorage } from "./drafts.js";
import { memoryOutbox, randomClientId, retryDelay, type OutboxEntry, type OutboxStorage } from "./outbox.js";
import { createOutboxQueue } from "./outbox-queue.js";
import { createStore, type Store } from "./store.js";

export type ParleySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** At most one "typing" per room this often while typing: the server's notice lasts TYPING_TTL_MS. */
export const TYPING_THROTTLE_MS = 2000;
/** On (re)connect, the newest page of this many rooms is loaded (the rest when opened). */
export const PRELOADED_ROOMS = 30;
/** How often a load the SDK makes by itself (history, resync) is tried when rate limited. */
const PATIENT_TRIES = 3;
/** A connection that lasted this long without being cut off starts the cut-off backoff afresh. */
const CUT_OFF_MEMORY_MS = 60_000;

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
  /**
   * Where unconfirmed messages survive a reload or restart: `localStorageOutbox`
   * in a browser (a key per user), `fileOutbox` from `@parley/client/node` in
   * Node. In memory by default.
   */
  outbox?: OutboxStorage;
  /**
   * Where what the user typed but has not sent survives a room switch or a
   * reload: `localStorageDrafts` in a browser (a prefix per user). In memory by
   * default.
   */
  drafts?: DraftStorage;
  /** Passed to socket.io-client, e.g. `{ transports: ["websocket"] }`. */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
}

type Done = RequestResult<"typing:set">;

export interface ParleyClient extends Store<ChatState> {
  /** The underlying typed socket, for what the SDK does not wrap. */
  readonly socket: ParleySocket;
  connect(): void;
  close(): void;
  /**
   * One request and its answer. A `rate_limited` answer carries
   * `retryAfterMs`; until it has passed, the same request is answered so at
   * once, without asking the server (which cuts off a client that keeps going).
   */
  request<E extends RequestName>(
    event: E,
    payload: RequestPayload<E>,
    options?: { timeoutMs?: number },
  ): Promise<Result<RequestResult<E>>>;
  /**
   * Posts to a room, or replies in a thread, through the outbox (see
   * `enqueue`); resolves once the server stored it, refused it for good, or
   * it was discarded.
   */
  send(roomId: RoomId, text: string, threadId?: MessageId): Promise<Result<RoomMessage>>;
  /**
   * Puts the message in the outbox (shown as pending in `outbox`) and sends
   * it, retrying until the server answers, and waiting as long as a rate
   * limit asks (the entry stays pending); stops the "typing" notice. Only a
   * message the protocol refuses outright (empty, too long) is not queued.
   */
  enqueue(roomId: RoomId, text: string, threadId?: MessageId): Result<OutboxEntry>;
  /** What the user typed in the room's composer (or the thread's) and has not sent; "" when nothing. */
  draft(roomId: RoomId, threadId?: MessageId): string;
  /** Keeps the composer's text for later; a message enqueued there replaces it with "". */
  saveDraft(roomId: RoomId, text: string, threadId?: MessageId): void;
  /** Tries a failed (or waiting) outbox entry again now. */
  retry(clientId: MessageId): void;
  /** Drops an outbox entry; one already on its way may still arrive. */
  discard(clientId: MessageId): void;
  edit(messageId: MessageId, text: string): Promise<Result<RoomMessage>>;
  delete(messageId: MessageId): Promise<Result<RoomMessage>>;
  /** Adds the reaction, or takes it back. */
  react(messageId: MessageId, emoji: string): Promise<Result<RoomMessage>>;
  /** The room's newest page if none is loaded, else the page before its oldest message. */
  loadOlder(roomId: RoomId): Promise<Result<MessagePage>>;
  /**
   * The page of the room's main timeline around this message, however far
   * back: what a link to a message opens. Unless it meets what is loaded, it
   * replaces it, and the timeline says `hasNewer` until `loadNewer` reaches
   * the end (or `loadLatest` goes back to it).
   */
  loadAround(roomId: RoomId, messageId: MessageId): Promise<Result<MessagePage>>;
  /** The page after the newest loaded message, while the timeline `hasNewer`. */
  loadNewer(roomId: RoomId): Promise<Result<MessagePage>>;
  /** The room's newest page, joining or replacing what is loaded. */
  loadLatest(roomId: RoomId): Promise<Result<MessagePage>>;
  /** The thread's newest replies. */
  loadThread(roomId: RoomId, threadId: MessageId): Promise<Result<MessagePage>>;
  /** Everything in the room up to its newest message is read, on all devices; sent again later if rate limited. */
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
  const {
    user,
    token,
    requestTimeoutMs = 10_000,
    validateEvents = true,
    outbox = memoryOutbox(),
    drafts = memoryDrafts(),
  } = options;
  const auth: HandshakeAuth =
    token === undefined ? { protocolVersion: PROTOCOL_VERSION } : { protocolVersion: PROTOCOL_VERSION, token };
  // withCredentials: a page on another allowed origin sends the cookie too (same-origin pages always do).
  const socketOptions = { autoConnect: false, withCredentials: true, auth, ...options.socketOptions };
  const socket: ParleySocket = options.url === undefined ? io(socketOptions) : io(options.url, socketOptions);
  const queue = createOutboxQueue({
    storage: outbox,
    deliver: ({ clientId, roomId, text, threadId }) =>
      request("message:send", threadId === null ? { clientId, roomId, text } : { clientId, roomId, text, threadId }),
    connected: () => socket.connected,
    onChange: (entries) => update((state) => withOutbox(state, entries)),
    onDelivered: (message) => receive(message),
  });
  const store = createStore(initialChatState(user.username, queue.entries()));
  const update = store.update;
  /** Rooms catching up after a missed broadcast, with the messages that arrived meanwhile. */
  const catchingUp = new Map<RoomId, RoomMessage[]>();
  /** After `server:closing`, the server's disconnect is not the end: reconnect, with backoff. */
  let serverClosing = false;
  let reconnectAttempts = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * The server's last refusal, or null after an answer that went through. It
   * answers the request that made it cut a client off before it disconnects,
   * so a `rate_limited` one here at the disconnect means: cut off for going on,
   * not signed out; come back after a while.
   */
  let lastRefusal: ProtocolError | null = null;
  /** Cut-offs in a row (see CUT_OFF_MEMORY_MS), for the backoff before coming back. */
  let cutOffs = 0;
  let connectedAt = 0;
  /** Per request, until when the server asked to wait. */
  const pausedUntil = new Map<RequestName, number>();
  /** Rooms whose read was refused by a rate limit, and the timer that sends it again. */
  const readRetries = new Map<RoomId, ReturnType<typeof setTimeout>>();
  /** Rooms with a read on its way, and those read further meanwhile (sent once it is answered). */
  const readsOnTheirWay = new Set<RoomId>();
  const readAgain = new Set<RoomId>();
  /** When "typing" was last sent, per room, while typing. */
  const typingSent = new Map<RoomId, number>();
  /** Rooms with a typing notice on its way, and the state to send once it is answered. */
  const typingOnItsWay = new Set<RoomId>();
  const typingNext = new Map<RoomId, boolean>();
  /** Page loads under way, so a scroll event firing twice asks once. */
  const loading = new Map<string, Promise<Result<MessagePage>>>();
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let away = false;

  function request<E extends RequestName>(
    event: E,
    payload: RequestPayload<E>,
    { timeoutMs = requestTimeoutMs } = {},
  ): Promise<Result<RequestResult<E>>> {
    const wait = (pausedUntil.get(event) ?? 0) - Date.now();
    if (wait > 0) return Promise.resolve(rateLimited(`Too many ${event} requests; wait ${wait} ms`, wait));
    // socket.io-client cannot relate a generic event name to its argument
    // list; the public signature above is what keeps callers honest. A
    // callback rather than emitWithAck: it runs as the answer arrives, before
    // a disconnect that follows it, so lastRefusal is up to date then.
    const timed = socket.timeout(timeoutMs) as unknown as {
      emit(
        event: E,
        payload: RequestPayload<E>,
        ack: (error: Error | null, result: Result<RequestResult<E>>) => void,
      ): void;
    };
    return new Promise((resolve) => {
      timed.emit(event, payload, (error, result) => {
        if (error) return resolve(err("timeout", `No answer to ${event} within ${timeoutMs} ms`));
        lastRefusal = result.ok ? null : result.error;
        if (!result.ok && result.error.code === "rate_limited" && result.error.retryAfterMs !== undefined) {
          pausedUntil.set(event, Date.now() + result.error.retryAfterMs);
        }
        resolve(result);
      });
    });
  }

  /**
   * A request the SDK makes by itself (history, resync): when rate limited,
   * it waits as long as it is told and tries again, a few times.
   */
  async function patiently<E extends RequestName>(
    event: E,
    payload: RequestPayload<E>,
  ): Promise<Result<RequestResult<E>>> {
    for (let tries = 1; ; tries++) {
      const result = await request(event, payload);
      if (result.ok || result.error.code !== "rate_limited" || tries >= PATIENT_TRIES) return result;
      const wait = result.error.retryAfterMs ?? retryDelay(tries);
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (!socket.connected) return result;
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
    direction: PageDirection,
  ): Promise<Result<MessagePage>> {
    const pending = loading.get(key);
    if (pending) return pending;
    const page = patiently("message:list", payload)
      .then((result) => applied(result, (state, data) => withPage(state, data, direction)))
      .finally(() => loading.delete(key));
    loading.set(key, page);
    return page;
  }

  async function loadLatest(roomId: RoomId): Promise<Result<MessagePage>> {
    const result = await loadPage(`${roomId}:latest`, { roomId }, "latest");
    // A message that arrived while the page was on its way had no timeline to
    // go into; if the page was read before it was stored, fetch what it missed.
    const { timelines, rooms } = store.getSnapshot();
    const newest = timelines[roomId]?.messages.at(-1)?.seq ?? 0;
    if (result.ok && (rooms[roomId]?.lastSeq ?? 0) > newest) {
      await fetchAfter(roomId, newest, (page) => update((state) => withPage(state, page, "after")));
    }
    return result;
  }

  /**
   * Every (re)connection starts from the server's truth: the rooms, who is
   * online, everything newer than what is held, and what is held fetched
   * again, so edits, deletions and reactions made meanwhile show. It does not
   * rely on Socket.IO's connection state recovery.
   */
  async function resync(): Promise<void> {
    const [list, presence] = await Promise.all([patiently("room:list", {}), patiently("presence:list", {})]);
    if (presence.ok) update((state) => withOnlineUsers(state, presence.data));
    if (away) void request("presence:set", { status: "away" });
    if (!list.ok) return;
    update((state) => withRoomList(state, list.data.rooms));
    const { timelines, threads } = store.getSnapshot();
    const threadLoads = Object.entries(threads).flatMap(([threadId, thread]) => {
      const roomId = thread.messages[0]?.roomId;
      return roomId === undefined ? [] : [loadThread(roomId, threadId)];
    });
    const roomLoads = list.data.rooms.flatMap((room, index): Promise<unknown>[] => {
      if ((timelines[room.id]?.messages.length ?? 0) > 0) return [refreshRoom(room.id)];
      return index < PRELOADED_ROOMS ? [loadLatest(room.id)] : [];
    });
    await Promise.all([...roomLoads, ...threadLoads]);
  }

  /** Everything in the room's main timeline after `after`, page by page; false if a page failed. */
  async function fetchAfter(roomId: RoomId, after: number, apply: (page: MessagePage) => void): Promise<boolean> {
    for (let cursor = after; ;) {
      const page = await patiently("message:list", { roomId, after: cursor });
      if (!page.ok) return false;
      apply(page.data);
      const newest = page.data.messages.at(-1);
      if (!page.data.hasMore || !newest) return true;
      cursor = newest.seq;
    }
  }

  async function refreshRoom(roomId: RoomId): Promise<void> {
    const timeline = store.getSnapshot().timelines[roomId];
    const held = timeline?.messages ?? [];
    const oldest = held[0];
    const newest = held.at(-1);
    if (!oldest || !newest) return;
    // A run far back (opened around a message) is not filled up to the newest: the reader pages on.
    if (!timeline?.hasNewer)
      await fetchAfter(roomId, newest.seq, (page) => update((state) => withPage(state, page, "after")));
    // The held range again, newest page first, back to the oldest held message.
    let before = newest.seq + 1;
    let remaining = held.length;
    while (before > oldest.seq && remaining > 0) {
      const limit = Math.min(HISTORY_LIMIT, remaining);
      const page = await patiently("message:list", { roomId, before, limit });
      if (!page.ok) return;
      update((state) => withMessagesRefreshed(state, page.data.messages));
      const first = page.data.messages[0];
      if (!first || !page.data.hasMore) return;
      remaining -= page.data.messages.length;
      before = first.seq;
    }
  }

  /**
   * A new message, live: a broadcast or the ack of one's own. One that skips
   * a seq means a broadcast was missed, so the room catches up first.
   */
  function receive(message: RoomMessage): void {
    const held = catchingUp.get(message.roomId);
    if (held) {
      held.push(message);
      return;
    }
    const room = store.getSnapshot().rooms[message.roomId];
    if (room && message.seq > room.lastSeq + 1) {
      void catchUp(message.roomId, message);
      return;
    }
    update((state) => withMessageCreated(state, message));
  }

  async function catchUp(roomId: RoomId, first: RoomMessage): Promise<void> {
    const held = [first];
    catchingUp.set(roomId, held);
    try {
      const after = store.getSnapshot().rooms[roomId]?.lastSeq ?? 0;
      // Each as if live: counted unread once, never applied twice.
      await fetchAfter(roomId, after, (page) => update((state) => page.messages.reduce(withMessageCreated, state)));
    } finally {
      catchingUp.delete(roomId);
    }
    // The main timeline's pages hold no replies: a missed one shows when its loaded thread reloads.
    for (const [threadId, thread] of Object.entries(store.getSnapshot().threads))
      if (thread.messages[0]?.roomId === roomId) void loadThread(roomId, threadId);
    // Not checked for a gap again: a reply is never in the main timeline's pages, so it would seem missing forever.
    update((state) => held.reduce(withMessageCreated, state));
  }

  /** Connects again after a backoff, and no sooner than `atLeastMs`. */
  function scheduleReconnect(atLeastMs = 0): void {
    clearTimeout(reconnectTimer);
    reconnectAttempts += 1;
    reconnectTimer = setTimeout(() => socket.connect(), Math.max(atLeastMs, retryDelay(reconnectAttempts)));
  }

  /**
   * Tells the server the room is read as far as it shows here. One read per
   * room on its way at a time (messages arriving fast would each send one);
   * a rate limit sends the newest read again once it allows.
   */
  async function sendRead(roomId: RoomId): Promise<Result<ReadState>> {
    const read = store.getSnapshot().rooms[roomId]?.read;
    if (!read) return err("not_found", `You are not in the room ${roomId}`);
    if (readsOnTheirWay.has(roomId) || readRetries.has(roomId)) {
      readAgain.add(roomId);
      return ok(read);
    }
    readsOnTheirWay.add(roomId);
    const result = applied(await request("room:read", { roomId, seq: read.lastReadSeq }), withReadState);
    readsOnTheirWay.delete(roomId);
    if (!result.ok && result.error.code === "rate_limited") {
      const retry = () => {
        readRetries.delete(roomId);
        readAgain.delete(roomId);
        void sendRead(roomId);
      };
      readRetries.set(roomId, setTimeout(retry, result.error.retryAfterMs ?? retryDelay(1)));
    } else if (readAgain.delete(roomId)) {
      void sendRead(roomId);
    }
    return result;
  }

  function enqueue(roomId: RoomId, text: string, threadId?: MessageId) {
    const clientId = randomClientId();
    const payload = MessageSendPayload.safeParse(
      threadId === undefined ? { clientId, roomId, text } : { clientId, roomId, text, threadId },
    );
    if (!payload.success)
      return {
        entry: err("invalid_payload", payload.error.issues[0]?.message ?? "This message cannot be sent"),
        delivered: Promise.resolve(err("invalid_payload", "This message cannot be sent")),
      };
    void setTyping(roomId, false);
    // The outbox takes the text in this same task, so a reload finds it in one place: never lost, never sent twice.
    drafts.save(draftKey(roomId, threadId), "");
    const entry: OutboxEntry = {
      clientId,
      roomId,
      text,
      threadId: threadId ?? null,
      createdAt: Date.now(),
      attempts: 0,
      state: "pending",
      error: null,
    };
    return { entry: ok(entry), delivered: queue.add(entry) };
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

  function loadAround(roomId: RoomId, messageId: MessageId): Promise<Result<MessagePage>> {
    return loadPage(`${roomId}:around:${messageId}`, { roomId, around: messageId }, "around");
  }

  async function loadNewer(roomId: RoomId): Promise<Result<MessagePage>> {
    const timeline = store.getSnapshot().timelines[roomId];
    const newest = timeline?.messages.at(-1);
    if (!timeline || !newest) return loadLatest(roomId);
    if (!timeline.hasNewer) return ok({ roomId, threadId: null, messages: [], hasMore: false });
    const result = await loadPage(`${roomId}:after:${newest.seq}`, { roomId, after: newest.seq }, "after");
    // Live messages were kept out of the run until it reached the end: fetch any that came meanwhile.
    const reached = store.getSnapshot().timelines[roomId];
    const last = reached?.messages.at(-1)?.seq ?? 0;
    if (result.ok && reached && !reached.hasNewer && (store.getSnapshot().rooms[roomId]?.lastSeq ?? 0) > last)
      await fetchAfter(roomId, last, (page) => update((state) => withPage(state, page, "after")));
    return result;
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
    return sendTyping(roomId, typing);
  }

  /**
   * One typing notice per room on its way at a time; what changes meanwhile
   * goes out once it is answered, as one notice with the newest state. A
   * burst (twenty lines pasted: "typing", "stopped" each) thus costs two
   * notices, not forty requests the rate limit would refuse before their
   * answers could slow the client down.
   */
  function sendTyping(roomId: RoomId, typing: boolean): Promise<Result<Done>> {
    if (typingOnItsWay.has(roomId)) {
      typingNext.set(roomId, typing);
      return Promise.resolve(ok({}));
    }
    typingOnItsWay.add(roomId);
    return request("typing:set", { roomId, typing }).finally(() => {
      typingOnItsWay.delete(roomId);
      const next = typingNext.get(roomId);
      typingNext.delete(roomId);
      if (next !== undefined && next !== typing) void sendTyping(roomId, next);
    });
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

  on("message:created", ({ messages }) => {
    for (const lean of messages) {
      const message = fullMessage(lean);
      receive(message);
      if (message.kind === "user" && message.author === user.username) queue.confirm(message);
    }
  });
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
  on("presence:changed", ({ changes }) => update((state) => withPresenceChanges(state, changes)));
  on("server:closing", () => {
    serverClosing = true;
    update((state) => withConnection(state, "reconnecting"));
  });

  socket.on("connect", () => {
    serverClosing = false;
    reconnectAttempts = 0;
    connectedAt = Date.now();
    lastRefusal = null;
    update((state) => withConnection(state, "online"));
    typingSent.clear();
    queue.flush();
    void resync();
  });
  socket.on("disconnect", (reason) => {
    queue.interrupt();
    if (serverClosing && reason === "io server disconnect") {
      // Socket.IO does not reconnect after the server's own disconnect; a server that said it is stopping will be back.
      update((state) => withConnection(state, "reconnecting"));
      scheduleReconnect();
      return;
    }
    if (reason === "io server disconnect" && lastRefusal?.code === "rate_limited") {
      // Cut off for going on after refusals: the session is fine, so come
      // back once the limit allows, waiting longer each time it happens again.
      if (Date.now() - connectedAt > CUT_OFF_MEMORY_MS) cutOffs = 0;
      cutOffs += 1;
      update((state) => withConnection(state, "reconnecting"));
      scheduleReconnect(Math.max(lastRefusal.retryAfterMs ?? 0, retryDelay(cutOffs)));
      return;
    }
    // After a drop socket.io-client reconnects by itself; after a deliberate
    // disconnect by either side ("io server disconnect": the session ended,
    // e.g. signed out in another tab) it does not.
    update((state) => withConnection(state, socket.active ? "reconnecting" : "closed"));
  });
  socket.on("connect_error", (error: Error & { data?: unknown }) => {
    const refusal = ProtocolError.safeParse(error.data);
    // Still stopping, or not up again: keep trying, unless socket.io-client does so itself.
    if (serverClosing && !refusal.success) {
      if (!socket.io.reconnection()) scheduleReconnect();
      return;
    }
    // Too many connections from this address: try again once allowed. The
    // server cannot reach its database just now: try again, backing off, as
    // after a dropped connection.
    if (refusal.success && (refusal.data.code === "rate_limited" || refusal.data.code === "unavailable")) {
      update((state) => withConnection(state, "reconnecting"));
      scheduleReconnect(refusal.data.retryAfterMs ?? 0);
      return;
    }
    // A network failure: socket.io-client is retrying. A refusal by the
    // server's middleware (`unauthorized` above all) ends the attempts.
    if (socket.active) return;
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
      clearTimeout(reconnectTimer);
      for (const timer of readRetries.values()) clearTimeout(timer);
      readRetries.clear();
      serverClosing = false;
      queue.interrupt();
      socket.disconnect();
      update((state) => withConnection(state, "closed"));
    },
    send: (roomId, text, threadId) => enqueue(roomId, text, threadId).delivered,
    enqueue: (roomId, text, threadId) => enqueue(roomId, text, threadId).entry,
    draft: (roomId, threadId) => drafts.load(draftKey(roomId, threadId)),
    saveDraft: (roomId, text, threadId) => drafts.save(draftKey(roomId, threadId), text),
    retry: (clientId) => queue.retry(clientId),
    discard: (clientId) => queue.discard(clientId),
    edit: async (messageId, text) => applied(await request("message:edit", { messageId, text }), withMessageUpdated),
    delete: async (messageId) => applied(await request("message:delete", { messageId }), withMessageUpdated),
    react: async (messageId, emoji) =>
      applied(await request("message:react", { messageId, emoji }), withMessageUpdated),
    loadOlder,
    loadAround,
    loadNewer,
    loadLatest,
    loadThread,
    async markRead(roomId) {
      const room = store.getSnapshot().rooms[roomId];
      if (!room) return err("not_found", `You are not in the room ${roomId}`);
      const { read, lastSeq } = room;
      if (read.lastReadSeq >= lastSeq && read.unread === 0 && read.mentions === 0) return ok(read);
      // The badge clears at once; the server's answer (and read:updated) confirm it.
      update((state) => withReadState(state, { roomId, lastReadSeq: lastSeq, unread: 0, mentions: 0 }));
      return sendRead(roomId);
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
