import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type HandshakeAuth,
  type ProtocolError,
  type ServerToClientEvents,
} from "@parley/protocol";
import { io, type Socket } from "socket.io-client";
import { test } from "vitest";
import { createApp, loadConfig, type App } from "../src/app.js";

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A scratch folder for a database file, removed by `cleanup()`. */
export function scratchDir(): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), "parley-test-"));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export interface TestServer {
  app: App;
  url: string;
  /** Sockets opened through `connect`, closed by `close()`. */
  connect(username: string, options?: { deviceKey?: string; auth?: Partial<HandshakeAuth> }): Promise<TestSocket>;
  close(): Promise<void>;
}

/** A real server on a free port, with its database in `databasePath`. */
export async function startServer(databasePath: string): Promise<TestServer> {
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATABASE_PATH: databasePath, LOG_LEVEL: "silent" });
  const app = await createApp(config);
  const { port } = await app.listen();
  const url = `http://127.0.0.1:${port}`;
  const sockets = new Set<TestSocket>();

  return {
    app,
    url,
    async connect(username, { deviceKey = `key-of-${username}-`.padEnd(20, "x"), auth } = {}) {
      const socket: TestSocket = io(url, {
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
        auth: { protocolVersion: PROTOCOL_VERSION, username, deviceKey, ...auth },
      });
      sockets.add(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      return socket;
    },
    /** Stops the server first, as a restart would, then drops the client sockets. */
    async close() {
      await app.close();
      for (const socket of sockets) socket.disconnect();
    },
  };
}

/** Connects and expects the server to refuse; resolves with its reason. */
export async function refusal(server: TestServer, ...args: Parameters<TestServer["connect"]>): Promise<ProtocolError> {
  try {
    await server.connect(...args);
  } catch (error) {
    return (error as { data: ProtocolError }).data;
  }
  throw new Error("the server accepted the connection");
}

/** Resolves with the next `count` payloads of `event`. */
export function nextEvents<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  count = 1,
): Promise<Parameters<ServerToClientEvents[E]>[0][]> {
  return new Promise((resolve) => {
    const received: Parameters<ServerToClientEvents[E]>[0][] = [];
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      received.push(payload);
      if (received.length === count) {
        socket.off(event, listener as never);
        resolve(received);
      }
    };
    socket.on(event, listener as never);
  });
}

/** A connected user who has joined `general`. */
export async function joinGeneral(server: TestServer, username: string, deviceKey?: string): Promise<TestSocket> {
  const socket = await server.connect(username, deviceKey === undefined ? {} : { deviceKey });
  const joined = await socket.emitWithAck("room:join", { roomId: "general" });
  if (!joined.ok) throw new Error(`${username} could not join: ${joined.error.message}`);
  return socket;
}

/** Vitest's `it`, with a fresh server on its own database for each test that asks for `server`. */
export const it = test.extend<{ server: TestServer }>({
  // eslint-disable-next-line no-empty-pattern -- Vitest reads a fixture's dependencies from this pattern.
  server: async ({}, use) => {
    const dir = scratchDir();
    const server = await startServer(`${dir.path}/parley.db`);
    await use(server);
    await server.close();
    dir.cleanup();
  },
});
