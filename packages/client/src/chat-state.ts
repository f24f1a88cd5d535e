import {
  TYPING_TTL_MS,
  type MessageId,
  type MessagePage,
  type OnlineUsers,
  type PresenceChange,
  type PresenceStatus,
  type ProtocolError,
  type ReadState,
  type Room,
  type RoomId,
  type RoomMessage,
  type RoomSummary,
  type TypingUpdate,
  type Username,
} from "@parley/protocol";
import type { OutboxEntry } from "./outbox.js";

/**
 * `connecting` before the first connection, `reconnecting` after a drop, a
 * server restart, a cut-off for going on after rate-limit refusals or a
 * handshake refused as `unavailable` or `rate_limited` (the SDK retries by
 * itself, with backoff), `rejected` when the server refused the handshake
 * (see `rejection`; `unauthorized` means: sign in again), `closed` after
 * `close()` or when the server ended the connection (the session ended, e.g.
 * signed out in another tab).
 */
export type ConnectionState = "connecting" | "online" | "reconnecting" | "rejected" | "closed";

/** A run of a room's main timeline, or of a thread's replies, in sequence order without duplicates. */
export interface Timeline {
  readonly messages: readonly RoomMessage[];
  /** Does the server hold older messages than the first one here? */
  readonly hasOlder: boolean;
  /**
   * Does the server hold newer messages than the last one here? Only after
   * a message far back was opened (`loadAround`), until paging forward
   * (`loadNewer`) or the newest page (`loadLatest`) reaches the end. Live
   * messages do not go into such a run: they would leave a hole before them.
   */
  readonly hasNewer: boolean;
}

export interface ChatState {
  /** The signed-in user's name. */
  readonly username: Username;
  readonly connection: ConnectionState;
  readonly rejection: ProtocolError | null;
  /** The rooms the user belongs to, with what is unread in each. */
  readonly rooms: Readonly<Record<RoomId, RoomSummary>>;
  /** Each loaded room's main timeline. */
  readonly timelines: Readonly<Record<RoomId, Timeline>>;
  /** Each loaded thread's replies, by the id of the message they reply to. */
  readonly threads: Readonly<Record<MessageId, Timeline>>;
  /** Who is typing in each room now (never the user), in the order they started. */
  readonly typing: Readonly<Record<RoomId, readonly Username[]>>;
  /** When each typing person's notice lapses unless renewed: roomId → username → time. */
  readonly typingUntil: Readonly<Record<RoomId, Readonly<Record<Username, number>>>>;
  /**
   * Whether `online` and `away` are the server's word: false from the start
   * and whenever the connection is down (who came and went meanwhile is not
   * known here), true again once presence:list answers after a (re)connection.
   */
  readonly presenceKnown: boolean;
  /** Connected users, sorted; the away ones among them too. */
  readonly online: readonly Username[];
  /** Connected but away, sorted. */
  readonly away: readonly Username[];
  /** What the user sent that the server has not confirmed, oldest first: shown in place as pending or failed. */
  readonly outbox: readonly OutboxEntry[];
}

export function initialChatState(username: Username, outbox: readonly OutboxEntry[] = []): ChatState {
  return {
    username,
    connection: "connecting",
    rejection: null,
    rooms: {},
    timelines: {},
    threads: {},
    typing: {},
    typingUntil: {},
    presenceKnown: false,
    online: [],
    away: [],
    outbox,
  };
}

const EMPTY_TIMELINE: Timeline = { messages: [], hasOlder: false, hasNewer: false };

/** Merges by sequence number: a repeat of a known seq replaces it only if it differs (an edit applied since). */
function merge(current: readonly RoomMessage[], incoming: readonly RoomMessage[]): readonly RoomMessage[] {
  if (incoming.length === 0) return current;
  const bySeq = new Map(current.map((message) => [message.seq, message]));
  for (const message of incoming) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function replaceById(messages: readonly RoomMessage[], message: RoomMessage): readonly RoomMessage[] | null {
  const index = messages.findIndex((existing) => existing.id === message.id);
  if (index === -1) return null;
  return messages.with(index, message);
}

const threadOf = (message: RoomMessage): MessageId | null => (message.kind === "user" ? message.threadId : null);

/** Where a message goes: its thread, or the room's main timeline. */
function withTimelineMessage(state: ChatState, message: RoomMessage): ChatState {
  const threadId = threadOf(message);
  if (threadId !== null) {
    const thread = state.threads[threadId];
    // A thread nobody opened is not kept: opening it loads it.
    if (!thread || thread.hasNewer) return state;
    return {
      ...state,
      threads: { ...state.threads, [threadId]: { ...thread, messages: merge(thread.messages, [message]) } },
    };
  }
  const timeline = state.timelines[message.roomId];
  if (!timeline || timeline.hasNewer) return state;
  return {
    ...state,
    timelines: { ...state.timelines, [message.roomId]: { ...timeline, messages: merge(timeline.messages, [message]) } },
  };
}

/**
 * A new message, live (a broadcast, or the ack of one's own). It is counted
 * unread once, the first time its seq is seen past the room's newest.
 */
export function withMessageCreated(state: ChatState, message: RoomMessage): ChatState {
  let next = withTimelineMessage(state, message);
  const room = next.rooms[message.roomId];
  if (room && message.seq > room.lastSeq) {
    const byOther = message.kind === "user" && message.author !== state.username;
    const unread = byOther && message.seq > room.read.lastReadSeq;
    const mentioned = unread && message.kind === "user" && message.mentions.includes(state.username);
    const read: ReadState = unread
      ? { ...room.read, unread: room.read.unread + 1, mentions: room.read.mentions + (mentioned ? 1 : 0) }
      : room.read;
    next = { ...next, rooms: { ...next.rooms, [message.roomId]: { ...room, lastSeq: message.seq, read } } };
  }
  if (message.kind === "user" && message.threadId === null) {
    next = withoutTyping(next, message.roomId, message.author);
  }
  return next;
}

/** An edit, a deletion, a reaction or a new reply count: replaces the message by id where it is loaded. */
export function withMessageUpdated(state: ChatState, message: RoomMessage): ChatState {
  const threadId = threadOf(message);
  if (threadId !== null) {
    const thread = state.threads[threadId];
    const messages = thread && replaceById(thread.messages, message);
    if (!thread || !messages) return state;
    return { ...state, threads: { ...state.threads, [threadId]: { ...thread, messages } } };
  }
  const timeline = state.timelines[message.roomId];
  const messages = timeline && replaceById(timeline.messages, message);
  if (!timeline || !messages) return state;
  return { ...state, timelines: { ...state.timelines, [message.roomId]: { ...timeline, messages } } };
}

/** Messages fetched again (after being offline): edits, deletions and reactions replace what is held, by id. */
export function withMessagesRefreshed(state: ChatState, messages: readonly RoomMessage[]): ChatState {
  return messages.reduce(withMessageUpdated, state);
}

export function withOutbox(state: ChatState, outbox: readonly OutboxEntry[]): ChatState {
  return state.outbox === outbox ? state : { ...state, outbox };
}

export type PageDirection = "latest" | "before" | "after" | "around";

/**
 * A page of history. `direction` is what was asked for: the newest page
 * (`latest`), the one `before` or `after` a seq, or the one `around` a
 * message. The newest and older pages say whether there is more before them.
 */
export function withPage(state: ChatState, page: MessagePage, direction: PageDirection): ChatState {
  const current = page.threadId === null ? state.timelines[page.roomId] : state.threads[page.threadId];
  const existing = current ?? EMPTY_TIMELINE;
  if (direction === "around") return withTimeline(state, page, current, aroundTimeline(existing, page));
  const newestKnown = existing.messages.at(-1)?.seq ?? 0;
  const oldestOfPage = page.messages[0]?.seq ?? 0;
  // After a long disconnection the newest page may not reach what is here: a
  // gap would hide the messages between, so start again from the page.
  const gap = direction === "latest" && page.hasMore && existing.messages.length > 0 && oldestOfPage > newestKnown;
  const messages = gap ? page.messages : merge(existing.messages, page.messages);
  // A newest page that overlaps what is here reaches back as far as it did.
  const keepsOlder = direction === "after" || (direction === "latest" && !gap && existing.messages.length > 0);
  const hasOlder = keepsOlder ? existing.hasOlder : page.hasMore;
  // The newest page reaches the end; a page after the last one says whether it did.
  const hasNewer =
    direction === "latest" ? false : direction === "after" ? existing.hasNewer && page.hasMore : existing.hasNewer;
  return withTimeline(state, page, current, { messages, hasOlder, hasNewer });
}

/**
 * The page around a message joins what is held if the two overlap; if not,
 * it replaces it (a run with a hole in it would hide what is in the hole).
 */
function aroundTimeline(existing: Timeline, page: MessagePage): Timeline {
  const first = page.messages[0];
  const last = page.messages.at(-1);
  const heldFirst = existing.messages[0];
  const heldLast = existing.messages.at(-1);
  const pageHasNewer = page.hasNewer ?? false;
  if (!first || !last || !heldFirst || !heldLast || first.seq > heldLast.seq || last.seq < heldFirst.seq)
    return { messages: page.messages, hasOlder: page.hasMore, hasNewer: pageHasNewer };
  return {
    messages: merge(existing.messages, page.messages),
    hasOlder: first.seq < heldFirst.seq ? page.hasMore : existing.hasOlder,
    hasNewer: last.seq > heldLast.seq ? pageHasNewer : existing.hasNewer,
  };
}

function withTimeline(
  state: ChatState,
  page: MessagePage,
  current: Timeline | undefined,
  timeline: Timeline,
): ChatState {
  if (
    current &&
    current.messages === timeline.messages &&
    current.hasOlder === timeline.hasOlder &&
    current.hasNewer === timeline.hasNewer
  )
    return state;
  return page.threadId === null
    ? { ...state, timelines: { ...state.timelines, [page.roomId]: timeline } }
    : { ...state, threads: { ...state.threads, [page.threadId]: timeline } };
}

/** The rooms the user belongs to, as room:list tells: rooms gone from it are forgotten. */
export function withRoomList(state: ChatState, rooms: readonly RoomSummary[]): ChatState {
  const next: Record<RoomId, RoomSummary> = {};
  for (const room of rooms) next[room.id] = room;
  let result: ChatState = { ...state, rooms: next };
  for (const roomId of Object.keys(state.rooms)) if (!(roomId in next)) result = forget(result, roomId);
  return result;
}

/** The user now belongs to this room (room:added, or the answer to create, join or dm:open). */
export function withRoomAdded(state: ChatState, room: RoomSummary): ChatState {
  return { ...state, rooms: { ...state.rooms, [room.id]: room } };
}

/** Renamed, a new topic or new members: the user's own read state stays. */
export function withRoomUpdated(state: ChatState, room: Room): ChatState {
  const current = state.rooms[room.id];
  if (!current) return state;
  // lastSeq only grows: a room:updated may be older than a message:created already applied.
  const lastSeq = Math.max(current.lastSeq, room.lastSeq);
  return { ...state, rooms: { ...state.rooms, [room.id]: { ...current, ...room, lastSeq } } };
}

export function withRoomRemoved(state: ChatState, roomId: RoomId): ChatState {
  return roomId in state.rooms ? forget(state, roomId) : state;
}

function forget(state: ChatState, roomId: RoomId): ChatState {
  const { [roomId]: _room, ...rooms } = state.rooms;
  const { [roomId]: _timeline, ...timelines } = state.timelines;
  const { [roomId]: _typing, ...typing } = state.typing;
  const { [roomId]: _until, ...typingUntil } = state.typingUntil;
  const threads = Object.fromEntries(
    Object.entries(state.threads).filter(([, thread]) => thread.messages[0]?.roomId !== roomId),
  );
  return { ...state, rooms, timelines, threads, typing, typingUntil };
}

/** The user read a room, here or elsewhere; a marker never moves back. */
export function withReadState(state: ChatState, read: ReadState): ChatState {
  const room = state.rooms[read.roomId];
  if (!room || read.lastReadSeq < room.read.lastReadSeq) return state;
  const current = room.read;
  if (current.lastReadSeq === read.lastReadSeq && current.unread === read.unread && current.mentions === read.mentions)
    return state;
  return { ...state, rooms: { ...state.rooms, [read.roomId]: { ...room, read } } };
}

/** Someone started or stopped typing; `now` starts the notice's lease. */
export function withTyping(state: ChatState, update: TypingUpdate, now: number): ChatState {
  if (update.username === state.username) return state;
  if (!update.typing) return withoutTyping(state, update.roomId, update.username);
  const names = state.typing[update.roomId] ?? [];
  const until = { ...state.typingUntil[update.roomId], [update.username]: now + TYPING_TTL_MS };
  return {
    ...state,
    typing: { ...state.typing, [update.roomId]: names.includes(update.username) ? names : [...names, update.username] },
    typingUntil: { ...state.typingUntil, [update.roomId]: until },
  };
}

function withoutTyping(state: ChatState, roomId: RoomId, username: Username): ChatState {
  const names = state.typing[roomId];
  if (!names?.includes(username)) return state;
  const { [username]: _gone, ...until } = state.typingUntil[roomId] ?? {};
  return {
    ...state,
    typing: { ...state.typing, [roomId]: names.filter((name) => name !== username) },
    typingUntil: { ...state.typingUntil, [roomId]: until },
  };
}

/** Drops the typing notices whose lease ran out by `now` (a "stopped" can be lost: typing is volatile). */
export function withTypingExpired(state: ChatState, now: number): ChatState {
  let next = state;
  for (const [roomId, until] of Object.entries(state.typingUntil)) {
    for (const [username, at] of Object.entries(until)) if (at <= now) next = withoutTyping(next, roomId, username);
  }
  return next;
}

/** The soonest a typing notice lapses, or null for none. */
export function nextTypingExpiry(state: ChatState): number | null {
  const times = Object.values(state.typingUntil).flatMap((until) => Object.values(until));
  return times.length === 0 ? null : Math.min(...times);
}

/** The server's list of who is online: presence is known again. */
export function withOnlineUsers(state: ChatState, presence: OnlineUsers): ChatState {
  return { ...state, presenceKnown: true, online: [...presence.users].sort(), away: [...presence.away].sort() };
}

/** A batch of presence changes (the user's own among them, maybe), applied as one update. */
export function withPresenceChanges(state: ChatState, changes: readonly PresenceChange[]): ChatState {
  // The server lists each person once; should one come twice, the later wins.
  const latest = new Map(changes.map(({ username, status }) => [username, status]));
  const online = state.online.filter((name) => !latest.has(name));
  const away = state.away.filter((name) => !latest.has(name));
  for (const [username, status] of latest) {
    if (status !== "offline") online.push(username);
    if (status === "away") away.push(username);
  }
  return { ...state, online: online.sort(), away: away.sort() };
}

/** What an app shows for a person: their status, or `unknown` while this client cannot tell. */
export type Presence = PresenceStatus | "unknown";

export function presenceOf(state: Pick<ChatState, "presenceKnown" | "online" | "away">, username: Username): Presence {
  if (!state.presenceKnown) return "unknown";
  if (state.away.includes(username)) return "away";
  return state.online.includes(username) ? "online" : "offline";
}

export function withConnection(
  state: ChatState,
  connection: ConnectionState,
  rejection: ProtocolError | null = null,
): ChatState {
  if (state.connection === connection && state.rejection === rejection) return state;
  // Offline, others' comings and goings are not heard: what is held would go stale.
  if (connection !== "online") return { ...state, connection, rejection, presenceKnown: false, online: [], away: [] };
  return { ...state, connection, rejection };
}
