import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  err,
  ok,
  type ClientToServerEvents,
  type InterServerEvents,
  type RoomMessage,
  type ServerToClientEvents,
  type SocketData,
} from "@parley/protocol";
import { Server } from "socket.io";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createParleyClient, type ParleyClient } from "./client.js";
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

beforeEach(async () => {
  const http = createServer();
  io = new Server(http);
  io.use((socket, next) => {
    const { username } = socket.handshake.auth as { username: string };
    if (username === "taken")
      return next(
        Object.assign(new Error("taken"), {
          data: { code: "username_taken", message: "Someone else is using the name taken" },
        }),
      );
    socket.data = { username, deviceKey: "k" };
    next();
  });
  io.on("connection", (socket) => {
    socket.on("room:join", ({ roomId }, ack) => ack(ok({ roomId, messages: history })));
    socket.on("presence:list", (_payload, ack) => ack(ok({ users: ["alice", socket.data.username] })));
    socket.on("message:send", ({ roomId, text }, ack) => {
      const message: RoomMessage = {
        kind: "user",
        id: "00000000-0000-4000-8000-000000000002",
        roomId,
        seq: 2,
        createdAt: 2,
        author: socket.data.username,
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

function connect(username: string): ParleyClient {
  const client = createParleyClient({
    url,
    username,
    deviceKey: "0123456789abcdef",
    requestTimeoutMs: 300,
    socketOptions: { transports: ["websocket"], reconnection: false },
  });
  clients.push(client);
  client.connect();
  return client;
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
    const client = connect("bob");
    expect(client.getSnapshot().connection).toBe("connecting");
    const state = await until(client, (s) => s.online.length > 0 && s.rooms.general !== undefined);
    expect(state.connection).toBe("online");
    expect(state.online).toEqual(["alice", "bob"]);
    expect(state.rooms.general).toEqual(history);
  });

  it("sends a message and applies it once, though both the ack and a broadcast carry it", async () => {
    const client = connect("bob");
    await until(client, (s) => s.connection === "online");
    const sent = await client.send("general", "hello");
    expect(sent).toMatchObject({ ok: true, data: { author: "bob", text: "hello", seq: 2 } });
    const state = await until(client, (s) => (s.rooms.general?.length ?? 0) >= 2);
    expect(state.rooms.general?.map((m) => m.seq)).toEqual([1, 2]);
  });

  it("resolves a refused request with the server's error", async () => {
    const client = connect("bob");
    expect(await client.sendPrivate("nobody", "hi")).toEqual({
      ok: false,
      error: { code: "recipient_offline", message: "nobody is not online" },
    });
  });

  it("resolves an unanswered request with a timeout error, never hangs", async () => {
    const client = connect("bob");
    const result = await client.request("private:send", { to: "carol", text: "hi" }, { timeoutMs: 100 });
    expect(result).toEqual({ ok: false, error: { code: "timeout", message: expect.stringContaining("private:send") } });
  });

  it("reports a refused handshake with its code", async () => {
    const client = connect("taken");
    const state = await until(client, (s) => s.connection === "rejected");
    expect(state.rejection).toEqual({ code: "username_taken", message: "Someone else is using the name taken" });
  });

  it("drops a broadcast that does not match the protocol", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const client = connect("bob");
    await until(client, (s) => s.rooms.general !== undefined);
    (io.emit as (event: string, payload: unknown) => void)("message:created", { kind: "user", text: "forged" });
    io.emit("presence:changed", { username: "carol", status: "online" });
    const state = await until(client, (s) => s.online.includes("carol"));
    expect(state.rooms.general).toEqual(history);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("message:created"), expect.anything());
    warn.mockRestore();
  });

  it("is closed after close()", async () => {
    const client = connect("bob");
    await until(client, (s) => s.connection === "online");
    client.close();
    expect(client.getSnapshot().connection).toBe("closed");
  });
});
