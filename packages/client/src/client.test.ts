import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  HandshakeAuth,
  PROTOCOL_VERSION,
  err,
  ok,
  type ClientToServerEvents,
  type InterServerEvents,
  type RoomMessage,
  type ServerToClientEvents,
  type SocketData,
  type User,
} from "@parley/protocol";
import { Server } from "socket.io";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createParleyClient, type ParleyClient, type ParleyClientOptions } from "./client.js";
import type { ChatState } from "./chat-state.js";

/**
 * A stand-in server speaking the protocol, so the SDK is tested over a real
 * Socket.IO connection without depending on the real server.
 */
let io: Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
let url: string;
const clients: ParleyClient[] = [];

const history: RoomMessage[] = [
  {
    kind: "system",
    id: "00000000-0000-4000-8000-000000000001",
    roomId: "general",
    seq: 1,
    createdAt: 1,
    event: "joined",
    user: "alice",
  },
];

/** The stand-in server's sessions: bearer token → user. */
const users: Record<string, User> = {
  "token-bob": { id: "00000000-0000-4000-8000-00000000000b", username: "bob" },
};
const bob = users["token-bob"]!;

beforeEach(async () => {
  const http = createServer();
  io = new Server(http);
  io.use((socket, next) => {
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
    socket.on("room:join", ({ roomId }, ack) => ack(ok({ roomId, messages: history })));
    socket.on("presence:list", (_payload, ack) => ack(ok({ users: ["alice", socket.data.user.username] })));
    socket.on("message:send", ({ roomId, text }, ack) => {
      const message: RoomMessage = {
        kind: "user",
        id: "00000000-0000-4000-8000-000000000002",
        roomId,
        seq: 2,
        createdAt: 2,
        author: socket.data.user.username,
        text,
      };
      io.emit("message:created", message);
      ack(ok(message));
    });
    socket.on("private:send", ({ to }, ack) => {
      if (to === "nobody") ack(err("recipient_offline", "nobody is not online"));
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

function until(client: ParleyClient, ready: (state: ChatState) => boolean): Promise<ChatState> {
  return vi.waitFor(() => {
    const state = client.getSnapshot();
    if (!ready(state)) throw new Error(`not yet: ${state.connection}`);
    return state;
  });
}

describe("createParleyClient", () => {
  it("connects, then loads the room's history and who is online", async () => {
    const client = connect();
    expect(client.getSnapshot().connection).toBe("connecting");
    const state = await until(client, (s) => s.online.length > 0 && s.rooms.general !== undefined);
    expect(state.connection).toBe("online");
    expect(state.online).toEqual(["alice", "bob"]);
    expect(state.rooms.general).toEqual(history);
  });

  it("sends a message and applies it once, though both the ack and a broadcast carry it", async () => {
    const client = connect();
    await until(client, (s) => s.connection === "online");
    const sent = await client.send("general", "hello");
    expect(sent).toMatchObject({ ok: true, data: { author: "bob", text: "hello", seq: 2 } });
    const state = await until(client, (s) => (s.rooms.general?.length ?? 0) >= 2);
    expect(state.rooms.general?.map((m) => m.seq)).toEqual([1, 2]);
  });

  it("resolves a refused request with the server's error", async () => {
    const client = connect();
    expect(await client.sendPrivate("nobody", "hi")).toEqual({
      ok: false,
      error: { code: "recipient_offline", message: "nobody is not online" },
    });
  });

  it("resolves an unanswered request with a timeout error, never hangs", async () => {
    const client = connect();
    const result = await client.request("private:send", { to: "carol", text: "hi" }, { timeoutMs: 100 });
    expect(result).toEqual({ ok: false, error: { code: "timeout", message: expect.stringContaining("private:send") } });
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

  it("drops a broadcast that does not match the protocol", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const client = connect();
    await until(client, (s) => s.rooms.general !== undefined);
    (io.emit as (event: string, payload: unknown) => void)("message:created", { kind: "user", text: "forged" });
    io.emit("presence:changed", { username: "carol", status: "online" });
    const state = await until(client, (s) => s.online.includes("carol"));
    expect(state.rooms.general).toEqual(history);
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
