import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  PROTOCOL_VERSION,
  fullMessage,
  type ClientToServerEvents,
  type NewMessages,
  type PresenceChange,
  type PresenceStatus,
  type TokenGrant,
  type ProtocolError,
  type RoomMessage,
  type ServerToClientEvents,
} from "@parley/protocol";
import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import { test } from "vitest";
import { createApp, loadConfig, type App, type AppDeps, type Config } from "../src/app.js";
import { testStoreConfig } from "./test-database.js";

export { openTestDatabase, openTestStore, testEngine, testStoreConfig } from "./test-database.js";

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A scratch folder for a database file, removed by `cleanup()`. */
export function scratchDir(): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), "parley-test-"));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export const PASSWORD = "correct horse battery staple";

export interface TestServer {
  app: App;
  url: string;
  /** Signs the user up (once) and returns a bearer token for a new session. */
  token: (username: string) => Promise<string>;
  /**
   * A socket signed in as `username` (a new session unless `token` is given);
   * closed by `close()`. WebSocket only, unless `socket` says otherwise.
   */
  connect: (
    username: string,
    options?: { token?: string; auth?: Record<string, unknown>; socket?: Partial<ManagerOptions & SocketOptions> },
  ) => Promise<TestSocket>;
  /** JSON over HTTP to the server: status, body and headers. */
  api: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<ApiResponse>;
  close: () => Promise<void>;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

/**
 * A real server on a free port, with its database in `databasePath` (a
 * scratch schema named after it on PostgreSQL; see test-database.ts) unless
 * `deps` brings a store.
 */
export async function startServer(
  databasePath: string,
  tune: (config: Config) => void = () => {},
  deps: AppDeps = {},
): Promise<TestServer> {
  const database = await testStoreConfig(databasePath);
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    ...(database.engine === "sqlite" ? { DATABASE_PATH: database.path } : { DATABASE_URL: database.url }),
    LOG_LEVEL: "silent",
  });
  tune(config);
  const app = await createApp(config, deps);
  const { port } = await app.listen();
  const url = `http://127.0.0.1:${port}`;
  const sockets = new Set<TestSocket>();
  const signedUp = new Set<string>();

  async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as unknown) : undefined,
      headers: response.headers,
    };
  }

  async function token(username: string): Promise<string> {
    const credentials = { username, password: PASSWORD };
    if (!signedUp.has(username)) {
      const created = await api("POST", "/api/accounts", credentials);
      if (created.status !== 201) throw new Error(`sign-up of ${username} failed: ${JSON.stringify(created.body)}`);
      signedUp.add(username);
    }
    const grant = await api("POST", "/api/tokens", credentials);
    if (grant.status !== 201) throw new Error(`sign-in of ${username} failed: ${JSON.stringify(grant.body)}`);
    return (grant.body as TokenGrant).token;
  }

  return {
    app,
    url,
    token,
    api,
    async connect(username, { token: given, auth, socket: socketOptions } = {}) {
      const socket: TestSocket = io(url, {
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
        ...socketOptions,
        auth: { protocolVersion: PROTOCOL_VERSION, token: given ?? (await token(username)), ...auth },
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

/**
 * The next `count` messages `socket` hears in `message:created`, however the
 * server batched them.
 */
export function nextMessages(socket: TestSocket, count = 1): Promise<RoomMessage[]> {
  return new Promise((resolve) => {
    const received: RoomMessage[] = [];
    const listener = ({ messages }: NewMessages) => {
      received.push(...messages.map(fullMessage));
      if (received.length < count) return;
      socket.off("message:created", listener);
      resolve(received);
    };
    socket.on("message:created", listener);
  });
}

/** The first message `socket` hears in `message:created` that passes `test`. */
export function nextMessageWhere(socket: TestSocket, test: (message: RoomMessage) => boolean): Promise<RoomMessage> {
  return new Promise((resolve) => {
    const listener = ({ messages }: NewMessages) => {
      const match = messages.map(fullMessage).find(test);
      if (!match) return;
      socket.off("message:created", listener);
      resolve(match);
    };
    socket.on("message:created", listener);
  });
}

/** Every message `socket` hears in `message:created` from now on, one by one. */
export function messagesHeard(socket: TestSocket): RoomMessage[] {
  const heard: RoomMessage[] = [];
  socket.on("message:created", ({ messages }) => heard.push(...messages.map(fullMessage)));
  return heard;
}

/**
 * A connected user, in `general` like everyone (on a new session unless
 * `token` is given). It waits for room:list, so the socket hears its rooms.
 */
export async function joinGeneral(server: TestServer, username: string, token?: string): Promise<TestSocket> {
  const socket = await server.connect(username, token === undefined ? {} : { token });
  const listed = await socket.emitWithAck("room:list", {});
  if (!listed.ok) throw new Error(`${username} could not list rooms: ${listed.error.message}`);
  return socket;
}

/** The messages of a room's main timeline (the newest page), oldest first. */
export async function history(socket: TestSocket, roomId = "general"): Promise<RoomMessage[]> {
  const page = await socket.emitWithAck("message:list", { roomId });
  if (!page.ok) throw new Error(`message:list failed: ${page.error.code}`);
  return page.data.messages;
}

/**
 * The `presence:changed` batches `socket` hears from now until it has heard
 * each of `usernames` (one name or several) as `status`, oldest first. Whatever
 * changed on the server before the last of those changes is in one of them,
 * so this is a barrier as well as a wait.
 */
export function presenceUntil(
  socket: TestSocket,
  usernames: string | string[],
  status: PresenceStatus,
): Promise<PresenceChange[][]> {
  const waiting = new Set(typeof usernames === "string" ? [usernames] : usernames);
  return new Promise((resolve) => {
    const batches: PresenceChange[][] = [];
    const listener = ({ changes }: { changes: PresenceChange[] }) => {
      batches.push(changes);
      for (const change of changes) if (change.status === status) waiting.delete(change.username);
      if (waiting.size > 0) return;
      socket.off("presence:changed", listener);
      resolve(batches);
    };
    socket.on("presence:changed", listener);
  });
}

/** What the batches said about `username`, in order. */
export function statusesOf(batches: PresenceChange[][], username: string): PresenceStatus[] {
  return batches.flat().flatMap((change) => (change.username === username ? [change.status] : []));
}

/** Collects every payload of `event` from now on. */
export function recorder<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
): Parameters<ServerToClientEvents[E]>[0][] {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}

/** Lifts every per-user realtime budget, for tests that send far more than a person would. */
export function relaxRealtimeLimits(config: Config, points = 1_000_000): void {
  const lifted = { points, seconds: 1 };
  config.rateLimits = {
    ...config.rateLimits,
    sendsPerUser: lifted,
    typingPerUser: lifted,
    readsPerUser: lifted,
    presencePerUser: lifted,
    requestsPerUser: lifted,
  };
}

/** A fresh server on its own database for each test that asks for one, tuned by `tune`. */
function serverFixture(tune?: (config: Config) => void) {
  // eslint-disable-next-line no-empty-pattern -- Vitest reads a fixture's dependencies from this pattern.
  return async ({}, use: (server: TestServer) => Promise<void>) => {
    const dir = scratchDir();
    const server = await startServer(`${dir.path}/parley.db`, tune);
    await use(server);
    await server.close();
    dir.cleanup();
  };
}

/** Vitest's `it`, with a fresh server on its own database for each test that asks for `server`. */
export const it = test.extend<{ server: TestServer }>({ server: serverFixture() });

/**
 * `it` with `people` too: a signed-in socket for each name, each in `general`
 * and subscribed to its rooms, e.g. `const it = itWithPeople("mallory", "alice", "bob")`.
 * `relaxed` lifts the per-user request limit, for tests that send hundreds of
 * requests (rate limits have tests of their own).
 */
export function itWithPeople<const Name extends string>(...names: Name[]) {
  return withPeople(it, names);
}

export function itWithPeopleRelaxed<const Name extends string>(...names: Name[]) {
  const relaxed = test.extend<{ server: TestServer }>({ server: serverFixture(relaxRealtimeLimits) });
  return withPeople(relaxed, names);
}

function withPeople<const Name extends string>(base: typeof it, names: Name[]) {
  return base.extend<{ people: Record<Name, TestSocket> }>({
    people: async ({ server }, use) => {
      const sockets = await Promise.all(names.map((name) => joinGeneral(server, name)));
      await use(Object.fromEntries(names.map((name, i) => [name, sockets[i]])) as Record<Name, TestSocket>);
    },
  });
}
