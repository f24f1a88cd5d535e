import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  HandshakeAuth,
  PROTOCOL_VERSION,
  err,
  leanMessage,
  ok,
  rateLimited,
  type ClientToServerEvents,
  type InterServerEvents,
  TYPING_TTL_MS,
  type MessageListPayload,
  type MessagePage,
  type RoomMessage,
  type RoomSummary,
  type UserMessage,
  type ServerToClientEvents,
  type SocketData,
  type User,
} from "@parley/protocol";
import { Server } from "socket.io";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createParleyClient, type ParleyClient, type ParleyClientOptions } from "./client.js";
import { memoryOutbox } from "./outbox.js";
import { presenceOf, type ChatState } from "./chat-state.js";

/**
 * A stand-in server speaking the protocol, so the SDK is tested over a real
 * Socket.IO connection without depending on the real server.
 */
let io: Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
let url: string;
const clients: ParleyClient[] = [];

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

function userMessage(seq: number, fields: Partial<UserMessage> = {}): UserMessage {
  return {
    kind: "user",
    id: id(seq),
    roomId: "general",
    seq,
    createdAt: seq,
    author: "alice",
    clientId: null,
    text: `message ${seq}`,
    threadId: null,
    replyCount: 0,
    editedAt: null,
    deleted: false,
    reactions: [],
    mentions: [],
    ...fields,
  };
}

function summary(roomId: string, lastSeq: number): RoomSummary {
  return {
    id: roomId,
    kind: "channel",
    name: roomId,
    topic: "",
    visibility: "public",
    ownerId: null,
    memberCount: 2,
    lastSeq,
    dmMembers: [],
    read: { roomId, lastReadSeq: 0, unread: lastSeq, mentions: 0 },
  };
}

/** #general holds 1..60 (61 onwards as sent); #random holds 1 message. */
let store: Record<string, RoomMessage[]>;
/** What the stand-in server received, in order. */
let received: { event: string; payload: unknown }[];
/**
 * How the stand-in server treats the next sends, one each, before acting
 * normally again: `silent` stores the message and says nothing, `unanswered`
 * broadcasts it but sends no ack, `unannounced` acks without broadcasting, `unavailable` refuses as a
 * server shutting down does, `rate_limited` refuses as a user over the sending budget.
 */
let nextSends: ("silent" | "unanswered" | "unannounced" | "unavailable" | "rate_limited")[];
/** How many of the next handshakes the stand-in server refuses as `unavailable`, as a server whose database is down does. */
let unavailableHandshakes: number;
/** How many handshakes the stand-in server refused so far. */
let refusedHandshakes: number;
/** How long the stand-in server's `rate_limited` send asks to wait. */
const SEND_RETRY_AFTER_MS = 1500;

/** Stores a message without broadcasting it, as if its broadcast was missed. */
function storeQuietly(roomId: string, fields: Partial<UserMessage> = {}): UserMessage {
  const messages = (store[roomId] ??= []);
  const message = userMessage(messages.length + 1, {
    id: id(roomId.length * 1000 + messages.length + 1),
    roomId,
    ...fields,
  });
  messages.push(message);
  return message;
}

/** The stand-in server's sessions: bearer token → user. */
const users: Record<string, User> = {
  "token-bob": { id: "00000000-0000-4000-8000-00000000000b", username: "bob" },
};
const bob = users["token-bob"]!;

function pageOf(payload: MessageListPayload): MessagePage {
  const all = (store[payload.roomId] ?? []).filter(
    (m) => (m.kind === "user" ? m.threadId : null) === (payload.threadId ?? null),
  );
  const limit = payload.limit ?? 50;
  if (payload.around !== undefined) {
    const at = all.findIndex((m) => m.id === payload.around);
    const from = Math.max(0, at - Math.ceil(limit / 2) + 1);
    return {
      roomId: payload.roomId,
      threadId: payload.threadId ?? null,
      messages: all.slice(from, at + 1 + Math.floor(limit / 2)),
      hasMore: from > 0,
      hasNewer: at + 1 + Math.floor(limit / 2) < all.length,
    };
  }
  if (payload.after !== undefined) {
    const newer = all.filter((m) => m.seq > payload.after!);
    return {
      roomId: payload.roomId,
      threadId: payload.threadId ?? null,
      messages: newer.slice(0, limit),
      hasMore: newer.length > limit,
    };
  }
  const older = all.filter((m) => payload.before === undefined || m.seq < payload.before);
  return {
    roomId: payload.roomId,
    threadId: payload.threadId ?? null,
    messages: older.slice(-limit),
    hasMore: older.length > limit,
  };
}

/** When each send reached the stand-in server, and when it refused one as rate limited. */
let sendsAt: number[];
let refusedAt: number[];

beforeEach(async () => {
  sendsAt = [];
  refusedAt = [];
  store = {
    general: Array.from({ length: 60 }, (_, index) => userMessage(index + 1)),
    random: [userMessage(1, { id: id(1001), roomId: "random" })],
  };
  received = [];
  nextSends = [];
  unavailableHandshakes = 0;
  refusedHandshakes = 0;
  const http = createServer();
  io = new Server(http);
  io.use((socket, next) => {
    if (unavailableHandshakes > 0) {
      unavailableHandshakes -= 1;
      refusedHandshakes += 1;
      return next(
        Object.assign(new Error("unavailable"), {
          data: { code: "unavailable", message: "The database is unavailable just now; try again shortly" },
        }),
      );
    }
    const auth = HandshakeAuth.safeParse(socket.handshake.auth);
    const user = auth.success && auth.data.token !== undefined ? users[auth.data.token] : undefined;
    if (!user)
      return next(
        Object.assign(new Error("unauthorized"), {
          data: { code: "unauthorized", message: "Sign in first: no valid session" },
        }),
      );
    socket.data = { user, sessionId: "session", expiresAt: Date.now() + 60_000 };
    next();
  });
  io.on("connection", (socket) => {
    socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
    socket.on("room:list", (_payload, ack) =>
      ack(ok({ rooms: [summary("general", store.general!.length), summary("random", 1)] })),
    );
    socket.on("message:list", (payload, ack) => ack(ok(pageOf(payload))));
    socket.on("presence:list", (_payload, ack) =>
      ack(ok({ users: ["alice", socket.data.user.username], away: ["alice"] })),
    );
    socket.on("message:send", ({ clientId, roomId, text, threadId }, ack) => {
      sendsAt.push(Date.now());
      const mode = nextSends.shift();
      if (mode === "unavailable") return ack(err("unavailable", "The server is shutting down"));
      if (mode === "rate_limited") {
        refusedAt.push(Date.now());
        return ack(rateLimited("Slow down: too many requests", SEND_RETRY_AFTER_MS));
      }
      if (roomId === "secret") return ack(err("forbidden", "secret is a private channel"));
      const author = socket.data.user.username;
      // As the real server: one message per author and clientId; a retry gets the original, with no broadcast.
      const earlier = Object.values(store)
        .flat()
        .find((m) => m.kind === "user" && m.author === author && m.clientId === clientId);
      if (earlier?.kind === "user")
        return ack(
          earlier.text === text && earlier.roomId === roomId
            ? ok(earlier)
            : err("conflict", "This clientId was used for another message"),
        );
      const messages = (store[roomId] ??= []);
      const message = userMessage(messages.length + 1, {
        id: id(roomId.length * 1000 + messages.length + 1),
        roomId,
        text,
        author,
        clientId,
        threadId: threadId ?? null,
      });
      messages.push(message);
      // Lean, as Parley's server sends it: the client puts the defaults back.
      if (mode !== "unannounced" && mode !== "silent") io.emit("message:created", { messages: [leanMessage(message)] });
      if (mode !== "silent" && mode !== "unanswered") ack(ok(message));
    });
    socket.on("room:read", ({ roomId, seq }, ack) => ack(ok({ roomId, lastReadSeq: seq, unread: 0, mentions: 0 })));
    socket.on("typing:set", (_payload, ack) => ack(ok({})));
    socket.on("room:join", ({ roomId }, ack) => {
      if (roomId === "secret") ack(err("forbidden", "secret is a private channel"));
      // Anyone else: never answer, to exercise the timeout.
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await io.close();
});

/** A client signed in as bob with `token`; null for none, as in a browser. */
function connect(token: string | null = "token-bob", options: Partial<ParleyClientOptions> = {}): ParleyClient {
  const client = createParleyClient({
    url,
    user: bob,
    ...(token === null ? {} : { token }),
    requestTimeoutMs: 300,
    ...options,
    socketOptions: { transports: ["websocket"], reconnection: false, ...options.socketOptions },
  });
  clients.push(client);
  client.connect();
  return client;
}

/** The stand-in server's socket for the one connected client. */
function serverSocket() {
  const [socket] = io.sockets.sockets.values();
  if (!socket) throw new Error("no client is connected");
  return socket;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

function until(client: ParleyClient, ready: (state: ChatState) => boolean, timeout = 1000): Promise<ChatState> {
  return vi.waitFor(
    () => {
      const state = client.getSnapshot();
      if (!ready(state)) throw new Error(`not yet: ${state.connection}`);
      return state;
    },
    { timeout },
  );
}

describe("createParleyClient", () => {
  it("connects, then loads the rooms, each room's newest page and who is online", async () => {
    const client = connect();
    expect(client.getSnapshot().connection).toBe("connecting");
    const state = await until(
      client,
      (s) => s.online.length > 0 && s.timelines.random !== undefined && s.timelines.general !== undefined,
    );
    expect(state.connection).toBe("online");
    expect(state.online).toEqual(["alice", "bob"]);
    expect(state.away).toEqual(["alice"]);
    expect(Object.keys(state.rooms)).toEqual(["general", "random"]);
    expect(state.rooms.general?.read.unread).toBe(60);
    expect(state.timelines.general?.messages.map((m) => m.seq)).toEqual(range(11, 60));
    expect(state.timelines.general?.hasOlder).toBe(true);
    expect(state.timelines.random).toEqual({ messages: store.random, hasOlder: false, hasNewer: false });
  });

  it("sends a message and applies it once, though both the ack and a broadcast carry it", async () => {
    const client = connect();
    await until(client, (s) => s.timelines.general !== undefined);
    const sent = await client.send("general", "hello");
    expect(sent).toMatchObject({ ok: true, data: { author: "bob", text: "hello", seq: 61 } });
    const state = await until(client, (s) => s.timelines.general?.messages.at(-1)?.seq === 61);
    expect(state.timelines.general?.messages.filter((m) => m.seq === 61)).toHaveLength(1);
    expect(state.rooms.general?.lastSeq).toBe(61);
    // One's own message is not unread.
    expect(state.rooms.general?.read.unread).toBe(60);
  });

  it("loads older pages until the first message, asking once however often it is called", async () => {
    const client = connect();
    await until(client, (s) => s.timelines.general !== undefined);
    const [first, again] = await Promise.all([client.loadOlder("general"), client.loadOlder("general")]);
    expect(first).toEqual(again);
    expect(
      received.filter((r) => r.event === "message:list" && (r.payload as MessageListPayload).before === 11),
    ).toHaveLength(1);
    let state = client.getSnapshot();
    expect(state.timelines.general?.messages.map((m) => m.seq)).toEqual(range(1, 60));
    expect(state.timelines.general?.hasOlder).toBe(false);
    const none = await client.loadOlder("general");
    expect(none).toMatchObject({ ok: true, data: { messages: [], hasMore: false } });
    state = client.getSnapshot();
    expect(state.timelines.general?.messages).toHaveLength(60);
  });

  it("applies edits, reactions and thread replies from the server", async () => {
    const client = connect();
    await until(client, (s) => s.timelines.general !== undefined);
    const parent = store.general!.at(-1)! as UserMessage;
    await client.loadThread("general", parent.id);
    await client.send("general", "a reply", parent.id);
    io.emit("message:updated", {
      ...parent,
      replyCount: 1,
      editedAt: 99,
      text: "edited",
      reactions: [{ emoji: "👍", users: ["alice"] }],
    });
    const state = await until(
      client,
      (s) =>
        s.timelines.general?.messages.at(-1)?.kind === "user" &&
        (s.timelines.general.messages.at(-1) as UserMessage).replyCount === 1,
    );
    expect(state.timelines.general?.messages.at(-1)).toMatchObject({
      text: "edited",
      reactions: [{ emoji: "👍", users: ["alice"] }],
    });
    expect(state.threads[parent.id]?.messages).toEqual([
      expect.objectContaining({ text: "a reply", threadId: parent.id }),
    ]);
    // A reply is not in the main timeline.
    expect(state.timelines.general?.messages.some((m) => m.kind === "user" && m.text === "a reply")).toBe(false);
  });

  it("marks a room read up to its newest message, and takes reads from other devices", async () => {
    const client = connect();
    await until(client, (s) => s.timelines.random !== undefined);
    const read = await client.markRead("general");
    expect(read).toEqual({ ok: true, data: { roomId: "general", lastReadSeq: 60, unread: 0, mentions: 0 } });
    expect(received.find((r) => r.event === "room:read")?.payload).toEqual({ roomId: "general", seq: 60 });
    expect(client.getSnapshot().rooms.general?.read.unread).toBe(0);
    // Nothing new: nothing to send.
    await client.markRead("general");
    expect(received.filter((r) => r.event === "room:read")).toHaveLength(1);

    io.emit("message:created", { messages: [userMessage(2, { id: id(1002), roomId: "random", mentions: ["bob"] })] });
    await until(client, (s) => s.rooms.random?.read.mentions === 1);
    expect(client.getSnapshot().rooms.random?.read.unread).toBe(2);
    io.emit("read:updated", { roomId: "random", lastReadSeq: 2, unread: 0, mentions: 0 });
    await until(client, (s) => s.rooms.random?.read.unread === 0);
  });

  it("joins rooms added elsewhere, loading their messages, and forgets removed ones", async () => {
    const client = connect();
    await until(client, (s) => s.timelines.random !== undefined);
    store.design = [userMessage(1, { id: id(2001), roomId: "design" })];
    io.emit("room:added", summary("design", 1));
    await until(client, (s) => s.timelines.design?.messages.length === 1);
    io.emit("room:removed", { roomId: "random" });
    const state = await until(client, (s) => s.rooms.random === undefined);
    expect(state.timelines.random).toBeUndefined();
  });

  it("says it is typing at most once per throttle interval, and stops when it sends", async () => {
    const client = connect();
    await until(client, (s) => s.timelines.general !== undefined);
    await client.setTyping("general", true);
    await client.setTyping("general", true);
    await client.setTyping("general", true);
    await client.send("general", "done typing");
    await vi.waitFor(() =>
      expect(received.filter((r) => r.event === "typing:set").map((r) => r.payload)).toEqual([
        { roomId: "general", typing: true },
        { roomId: "general", typing: false },
      ]),
    );
  });

  it("folds a burst of typing notices, twenty lines pasted and sent, into one on its way at a time", async () => {
    const client = connect();
    await until(client, (s) => s.timelines.general !== undefined);
    for (let i = 0; i < 20; i++) {
      void client.setTyping("general", true);
      client.enqueue("general", `line ${i}`);
    }
    await until(client, (s) => s.outbox.length === 0, 5000);
    // The first notice, then the newest state once it was answered: stopped.
    await vi.waitFor(() =>
      expect(received.filter((r) => r.event === "typing:set").map((r) => r.payload)).toEqual([
        { roomId: "general", typing: true },
        { roomId: "general", typing: false },
      ]),
    );
  });

  it("shows who is typing, until the notice lapses", async () => {
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"], shouldAdvanceTime: true });
    try {
      const client = connect();
      await until(client, (s) => s.connection === "online");
      io.emit("typing:updated", { roomId: "general", username: "alice", typing: true });
      await until(client, (s) => s.typing.general?.includes("alice") === true);
      vi.advanceTimersByTime(TYPING_TTL_MS + 10);
      await until(client, (s) => s.typing.general?.length === 0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("resolves a refused request with the server's error", async () => {
    const client = connect();
    expect(await client.join("secret")).toEqual({
      ok: false,
      error: { code: "forbidden", message: "secret is a private channel" },
    });
  });

  it("resolves an unanswered request with a timeout error, never hangs", async () => {
    const client = connect();
    const result = await client.request("room:join", { roomId: "quiet" }, { timeoutMs: 100 });
    expect(result).toEqual({ ok: false, error: { code: "timeout", message: expect.stringContaining("room:join") } });
  });

  it("signs the socket in with its bearer token, and takes its name from the session's user", async () => {
    const client = connect();
    await until(client, (s) => s.connection === "online");
    const socket = serverSocket();
    expect(socket.handshake.auth).toEqual({ protocolVersion: PROTOCOL_VERSION, token: "token-bob" });
    expect(client.getSnapshot().username).toBe("bob");
  });

  it("sends no token where the browser's cookie signs the socket in", async () => {
    // The stand-in server knows no cookies: without a token it refuses, as the real one does without a session.
    const client = connect(null);
    await until(client, (s) => s.connection === "rejected");
    expect(client.socket.io.opts.withCredentials).toBe(true);
    expect(client.socket.auth).toEqual({ protocolVersion: PROTOCOL_VERSION });
  });

  it("is rejected as unauthorized when the server knows no such session", async () => {
    const client = connect("token-revoked");
    const state = await until(client, (s) => s.connection === "rejected");
    expect(state.rejection).toEqual({ code: "unauthorized", message: "Sign in first: no valid session" });
  });

  it("is closed when the server ends the connection, as when the session ends", async () => {
    const client = connect();
    await until(client, (s) => s.connection === "online");
    serverSocket().disconnect(true);
    const state = await until(client, (s) => s.connection !== "online");
    expect(state.connection).toBe("closed");
    expect(client.socket.active).toBe(false);
  });

  it("reconnects by itself after the connection drops", async () => {
    const client = connect("token-bob", {
      socketOptions: { reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 50 },
    });
    await until(client, (s) => s.connection === "online");
    const states: string[] = [];
    client.subscribe(() => states.push(client.getSnapshot().connection));
    // Cut the transport from the server's side, as a network drop would.
    serverSocket().conn.close();
    await until(client, (s) => s.connection === "online" && states.includes("reconnecting"));
    expect(states[0]).toBe("reconnecting");
  });

  it("does not claim to know who is online while disconnected, and asks again on reconnecting", async () => {
    const client = connect("token-bob", {
      socketOptions: { reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 50 },
    });
    await until(client, (s) => s.presenceKnown);
    expect(presenceOf(client.getSnapshot(), "alice")).toBe("away");
    const whileDown: string[] = [];
    client.subscribe(() => {
      const state = client.getSnapshot();
      if (state.connection !== "online") whileDown.push(presenceOf(state, "alice"));
    });
    const asked = () => received.filter((r) => r.event === "presence:list").length;
    const askedBefore = asked();
    serverSocket().conn.close();
    const state = await until(client, (s) => s.connection === "online" && s.presenceKnown && whileDown.length > 0);
    expect(new Set(whileDown)).toEqual(new Set(["unknown"]));
    expect(asked()).toBe(askedBefore + 1);
    expect(presenceOf(state, "alice")).toBe("away");
  });

  it("opens the page around a message far back, keeps live messages out of it, and pages forward to the end", async () => {
    store.general = Array.from({ length: 200 }, (_, index) => userMessage(index + 1));
    const client = connect();
    await until(client, (s) => s.timelines.general !== undefined);
    const around = await client.loadAround("general", id(20));
    expect(around.ok).toBe(true);
    let state = client.getSnapshot();
    expect(state.timelines.general?.messages.map((m) => m.seq)).toEqual(range(-4, 45).filter((seq) => seq > 0));
    expect(state.timelines.general).toMatchObject({ hasOlder: false, hasNewer: true });

    // A live message lands after a hole: it is counted, not put in the run.
    await client.send("general", "while reading history");
    state = await until(client, (s) => s.rooms.general?.lastSeq === 201);
    expect(state.timelines.general?.messages.at(-1)?.seq).toBe(45);

    while (client.getSnapshot().timelines.general?.hasNewer) expect((await client.loadNewer("general")).ok).toBe(true);
    state = client.getSnapshot();
    expect(state.timelines.general?.messages.map((m) => m.seq)).toEqual(range(1, 201));
    await client.send("general", "and now live again");
    state = await until(client, (s) => s.timelines.general?.messages.at(-1)?.seq === 202);
    expect(state.timelines.general?.hasNewer).toBe(false);
  });

  it("applies a batch of presence changes as one update", async () => {
    const client = connect();
    await until(client, (s) => s.online.length > 0 && s.timelines.general !== undefined);
    const seen = new Set<string>();
    client.subscribe(() => {
      const { online, away } = client.getSnapshot();
      seen.add(JSON.stringify({ online, away }));
    });
    io.emit("presence:changed", {
      changes: [
        { username: "alice", status: "offline" },
        { username: "carol", status: "online" },
        { username: "dave", status: "away" },
      ],
    });
    await until(client, (s) => s.online.includes("carol"));
    // No state in between: whatever else was updated meanwhile saw either none of the batch or all of it.
    expect([...seen].filter((presence) => presence.includes("carol"))).toEqual([
      JSON.stringify({ online: ["bob", "carol", "dave"], away: ["dave"] }),
    ]);
    expect([...seen].filter((presence) => !presence.includes("carol") && !presence.includes("alice"))).toEqual([]);
  });

  it("drops a broadcast that does not match the protocol", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const client = connect();
    await until(client, (s) => s.timelines.general !== undefined);
    (io.emit as (event: string, payload: unknown) => void)("message:created", { kind: "user", text: "forged" });
    io.emit("presence:changed", { changes: [{ username: "carol", status: "online" }] });
    const state = await until(client, (s) => s.online.includes("carol"));
    expect(state.timelines.general?.messages).toHaveLength(50);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("message:created"), expect.anything());
    warn.mockRestore();
  });

  it("is closed after close()", async () => {
    const client = connect();
    await until(client, (s) => s.connection === "online");
    client.close();
    expect(client.getSnapshot().connection).toBe("closed");
  });
});

const sends = () => received.filter((r) => r.event === "message:send").map((r) => r.payload as { clientId: string });
const sentBy = (roomId: string, text: string) =>
  (store[roomId] ?? []).filter((m) => m.kind === "user" && m.author === "bob" && m.text === text);

describe("the outbox", () => {
  it("paces itself when rate limited: pending all along, the wait it was told, then the rest in order", async () => {
    const client = connect();
    await until(client, (s) => s.timelines.general !== undefined);
    const states = new Set<string>();
    client.subscribe(() => client.getSnapshot().outbox.forEach((entry) => states.add(entry.state)));
    nextSends = ["rate_limited"];
    const texts = ["one", "two", "three"];
    for (const text of texts) client.enqueue("general", text);
    const paced = await until(client, (s) => s.outbox[0]?.error?.code === "rate_limited");
    expect(paced.outbox.map((entry) => entry.state)).toEqual(["pending", "pending", "pending"]);
    expect(paced.outbox[0]?.error?.retryAfterMs).toBe(SEND_RETRY_AFTER_MS);

    await until(client, (s) => s.outbox.length === 0, 5000);
    expect(states).toEqual(new Set(["pending"]));
    expect(texts.flatMap((text) => sentBy("general", text)).map((m) => m.seq)).toEqual([61, 62, 63]);
    // Its try again went out no sooner than the server allowed.
    expect(sendsAt[1]).toBeGreaterThanOrEqual(refusedAt[0]! + SEND_RETRY_AFTER_MS);
  });

  it("shows a message as pending until its ack, then the real message takes its place", async () => {
    const client = connect();
    await until(client, (s) => s.timelines.general !== undefined);
    const entry = client.enqueue("general", "hello");
    if (!entry.ok) throw new Error("not queued");
    expect(client.getSnapshot().outbox).toEqual([expect.objectContaining({ text: "hello", state: "pending" })]);
    const state = await until(client, (s) => s.outbox.length === 0);
    expect(state.timelines.general?.messages.at(-1)).toMatchObject({ text: "hello", clientId: entry.data.clientId });
    // Whole, as stored, though the broadcast was lean.
    expect(state.timelines.general?.messages.at(-1)).toStrictEqual(sentBy("general", "hello")[0]);
    expect(sends()).toEqual([expect.objectContaining({ clientId: entry.data.clientId, roomId: "general" })]);
  });

  it("retries an unanswered send with the same clientId, and the server stores it once", async () => {
    nextSends = ["silent", "unavailable"];
    const client = connect();
    await until(client, (s) => s.connection === "online");
    const result = await client.send("general", "once only");
    expect(result).toMatchObject({ ok: true, data: { text: "once only" } });
    const tries = sends();
    expect(tries).toHaveLength(3);
    expect(new Set(tries.map((t) => t.clientId)).size).toBe(1);
    expect(sentBy("general", "once only")).toHaveLength(1);
    expect(client.getSnapshot().outbox).toEqual([]);
  });

  it("takes a broadcast carrying its clientId as the confirmation", async () => {
    nextSends = ["unanswered"];
    const client = connect("token-bob", { requestTimeoutMs: 60_000 });
    await until(client, (s) => s.timelines.general !== undefined);
    const result = await client.send("general", "heard it back");
    expect(result).toMatchObject({ ok: true, data: { text: "heard it back" } });
    expect(client.getSnapshot().outbox).toEqual([]);
    expect(sends()).toHaveLength(1);
  });

  it("marks a refused message failed, then retries or discards it on request", async () => {
    const client = connect();
    await until(client, (s) => s.connection === "online");
    const result = await client.send("secret", "let me in");
    expect(result).toEqual({ ok: false, error: { code: "forbidden", message: "secret is a private channel" } });
    const [failed] = client.getSnapshot().outbox;
    expect(failed).toMatchObject({ state: "failed", error: { code: "forbidden" }, attempts: 1 });
    client.retry(failed!.clientId);
    await until(client, (s) => s.outbox[0]?.attempts === 2 && s.outbox[0].state === "failed");
    client.discard(failed!.clientId);
    expect(client.getSnapshot().outbox).toEqual([]);
  });

  it("does not queue what the protocol refuses outright", () => {
    const client = connect();
    expect(client.enqueue("general", "   ")).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    expect(client.getSnapshot().outbox).toEqual([]);
  });

  it("keeps unsent messages across a reload and sends each once, in order, on connecting", async () => {
    const storage = memoryOutbox();
    const offline = createParleyClient({ url, user: bob, token: "token-bob", outbox: storage });
    offline.enqueue("general", "first");
    offline.enqueue("general", "second");
    expect(offline.getSnapshot().outbox.map((e) => e.state)).toEqual(["pending", "pending"]);
    offline.close();

    const client = connect("token-bob", { outbox: storage });
    expect(client.getSnapshot().outbox.map((e) => e.text)).toEqual(["first", "second"]);
    const state = await until(client, (s) => s.outbox.length === 0 && s.timelines.general?.messages.at(-1)?.seq === 62);
    expect(state.timelines.general?.messages.slice(-2).map((m) => m.kind === "user" && m.text)).toEqual([
      "first",
      "second",
    ]);
    expect(sentBy("general", "first")).toHaveLength(1);
    expect(sentBy("general", "second")).toHaveLength(1);
    expect(storage.load()).toEqual([]);
  });
});

describe("receiving without gaps", () => {
  it("fetches what a missed broadcast held before applying the next one", async () => {
    const client = connect();
    await until(client, (s) => s.timelines.general !== undefined);
    storeQuietly("general", { text: "missed" });
    storeQuietly("general", { text: "missed too" });
    const third = storeQuietly("general", { text: "heard" });
    io.emit("message:created", { messages: [third] });
    const state = await until(client, (s) => s.timelines.general?.messages.at(-1)?.seq === 63);
    expect(state.timelines.general?.messages.map((m) => m.seq)).toEqual(range(11, 63));
    expect(received).toContainEqual({ event: "message:list", payload: { roomId: "general", after: 60 } });
    // alice's three are unread once each.
    expect(state.rooms.general?.read.unread).toBe(63);
    expect(state.rooms.general?.lastSeq).toBe(63);
  });

  it("applies a batch of new messages in order, each in turn, with nothing to fetch", async () => {
    const client = connect();
    await until(client, (s) => s.timelines.general !== undefined);
    const batch = ["one", "two", "three"].map((text) => storeQuietly("general", { text }));
    io.emit("message:created", { messages: batch });
    const state = await until(client, (s) => s.timelines.general?.messages.at(-1)?.seq === 63);
    expect(state.timelines.general?.messages.slice(-3).map((m) => m.kind === "user" && m.text)).toEqual([
      "one",
      "two",
      "three",
    ]);
    expect(state.rooms.general?.lastSeq).toBe(63);
    // Had the batch been applied out of order, a gap would have sent the client to fetch it.
    expect(received).not.toContainEqual({
      event: "message:list",
      payload: expect.objectContaining({ after: expect.any(Number) }),
    });
  });

  it("on reconnecting, fetches what is new and applies edits and deletions made meanwhile", async () => {
    const client = connect("token-bob", {
      socketOptions: { reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 50 },
    });
    await until(client, (s) => s.timelines.general?.messages.length === 50);
    serverSocket().conn.close();
    const general = store.general!;
    general[54] = { ...(general[54] as UserMessage), text: "edited offline", editedAt: 100 };
    general[19] = { ...(general[19] as UserMessage), text: "", deleted: true };
    storeQuietly("general", { text: "new while away" });
    const state = await until(
      client,
      (s) => s.timelines.general?.messages.at(-1)?.seq === 61 && s.connection === "online",
    );
    await until(client, (s) => s.timelines.general?.messages.find((m) => m.seq === 20)?.kind === "user");
    const bySeq = (seq: number) => client.getSnapshot().timelines.general?.messages.find((m) => m.seq === seq);
    await vi.waitFor(() => {
      expect(bySeq(55)).toMatchObject({ text: "edited offline", editedAt: 100 });
      expect(bySeq(20)).toMatchObject({ deleted: true });
    });
    expect(state.timelines.general?.messages.map((m) => m.seq)).toEqual(range(11, 61));
    expect(client.getSnapshot().timelines.general?.hasOlder).toBe(true);
  });
});

describe("rate limits", () => {
  it("answers a request again at once while the server asked to wait, without asking it", async () => {
    const client = connect();
    await until(client, (s) => s.connection === "online");
    serverSocket().on("message:search", (_payload, ack) => ack(rateLimited("Slow down", 5000)));
    expect(await client.search("hello")).toMatchObject({
      ok: false,
      error: { code: "rate_limited", retryAfterMs: 5000 },
    });
    const again = await client.search("hello again");
    expect(again).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    expect(!again.ok && again.error.retryAfterMs).toBeGreaterThan(0);
    expect(received.filter((r) => r.event === "message:search")).toHaveLength(1);
  });

  it("comes back by itself after the server cut it off for going on after refusals", async () => {
    const client = connect();
    await until(client, (s) => s.connection === "online");
    const states: string[] = [];
    client.subscribe(() => states.push(client.getSnapshot().connection));
    const socket = serverSocket();
    socket.on("presence:set", (_payload, ack) => {
      ack(rateLimited("Slow down", 100));
      socket.disconnect(true);
    });
    await client.setAway(false);
    await until(client, (s) => s.connection === "online" && states.includes("reconnecting"));
    expect(serverSocket()).not.toBe(socket);
    expect(states).not.toContain("closed");
  });
});

describe("a server whose database is down", () => {
  it("tries the handshake again, backing off, while the server refuses it as unavailable; never rejected", async () => {
    unavailableHandshakes = 2;
    const client = connect();
    const states: string[] = [];
    client.subscribe(() => states.push(client.getSnapshot().connection));
    // The backoff waits about 0.25-0.5 s, then 0.5-1 s.
    const state = await until(client, (s) => s.connection === "online", 4000);
    expect(refusedHandshakes).toBe(2);
    expect(states).toContain("reconnecting");
    expect(states).not.toContain("rejected");
    expect(state.rejection).toBeNull();
  });

  it("keeps a message pending while sends are answered unavailable, and delivers it once", async () => {
    nextSends = ["unavailable", "unavailable"];
    const client = connect();
    await until(client, (s) => s.connection === "online");
    const delivered = client.send("general", "through the outage");
    const waiting = await until(client, (s) => s.outbox[0]?.error?.code === "unavailable");
    expect(waiting.outbox[0]).toMatchObject({ state: "pending", text: "through the outage" });
    expect(await delivered).toMatchObject({ ok: true, data: { text: "through the outage" } });
    expect(sends()).toHaveLength(3);
    expect(sentBy("general", "through the outage")).toHaveLength(1);
    expect(client.getSnapshot().outbox).toEqual([]);
  });
});

describe("a server that is stopping", () => {
  it("reconnects by itself after server:closing and the server's disconnect", async () => {
    const client = connect();
    await until(client, (s) => s.connection === "online");
    const states: string[] = [];
    client.subscribe(() => states.push(client.getSnapshot().connection));
    const socket = serverSocket();
    socket.emit("server:closing", { reason: "shutdown" });
    await until(client, (s) => s.connection === "reconnecting");
    socket.disconnect(true);
    await vi.waitFor(() => expect(io.sockets.sockets.size).toBe(1));
    await until(client, (s) => s.connection === "online");
    expect(states).not.toContain("closed");
  });
});
