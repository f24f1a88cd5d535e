import type { IncomingMessage } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { expect } from "vitest";
import { it, type TestServer, type TestSocket } from "./harness.js";

/**
 * What a connection keeps of the HTTP requests that opened it: only what
 * handshakes read (Socket.IO's memory-usage guide). These tests hold each
 * request weakly and collect garbage to see whether anything else still does.
 */

it("lets go of a WebSocket connection's upgrade request", async ({ server }) => {
  const { requests, socket } = await recordingRequests(server, () => server.connect("alice"));
  expect(requests).toHaveLength(1);
  expect(await allCollected(requests)).toBe(true);
  // The connection still serves requests.
  expect((await socket.emitWithAck("room:list", {})).ok).toBe(true);
});

it("lets go of a long-polling connection's first request and of its upgrade", async ({ server }) => {
  const { requests, socket } = await recordingRequests(server, async () => {
    // As a browser connects: long-polling first, then the upgrade.
    const socket = await server.connect("alice", { socket: { transports: ["polling", "websocket"] } });
    if (socket.io.engine.transport.name !== "websocket")
      await new Promise((done) => socket.io.engine.once("upgrade", done));
    return socket;
  });
  expect(requests).toHaveLength(2);
  expect(await allCollected(requests)).toBe(true);
  expect((await socket.emitWithAck("room:list", {})).ok).toBe(true);
});

it("keeps only the headers handshakes read of a long-polling connection's first request", async ({ server }) => {
  const socket = await server.connect("alice", {
    socket: {
      transports: ["polling", "websocket"],
      extraHeaders: { "user-agent": "a browser", "accept-language": "en" },
    },
  });
  const kept = server.app.io.sockets.sockets.get(socket.id ?? "")?.request.headers;
  expect(kept).toHaveProperty("host");
  expect(kept).not.toHaveProperty("user-agent");
  expect(kept).not.toHaveProperty("accept-language");
  expect((await socket.emitWithAck("room:list", {})).ok).toBe(true);
});

/**
 * Weak references to the requests that open connections while `connecting`
 * runs: each connection's first, and WebSocket upgrades (a WebSocket-first
 * connection's one request is both).
 */
async function recordingRequests(
  server: TestServer,
  connecting: () => Promise<TestSocket>,
): Promise<{ requests: WeakRef<IncomingMessage>[]; socket: TestSocket }> {
  const requests: WeakRef<IncomingMessage>[] = [];
  const seen = new WeakSet<IncomingMessage>();
  const first = (_headers: unknown, request: IncomingMessage) => {
    if (!seen.has(request)) requests.push(new WeakRef(request));
    seen.add(request);
  };
  const upgrade = (headers: unknown, request: IncomingMessage) => {
    if (request.headers.upgrade) first(headers, request);
  };
  const engine = server.app.io.engine;
  engine.on("initial_headers", first);
  engine.on("headers", upgrade);
  try {
    return { requests, socket: await connecting() };
  } finally {
    engine.off("initial_headers", first);
    engine.off("headers", upgrade);
  }
}

/** Whether full collections free every one of `references`. */
async function allCollected(references: WeakRef<object>[]): Promise<boolean> {
  const gc = globalThis.gc;
  expect(gc, "the server tests run with --expose-gc").toBeTypeOf("function");
  for (let attempt = 0; attempt < 20; attempt++) {
    gc?.();
    // A WeakRef keeps its target alive until the current job ends.
    await sleep(10);
    if (references.every((reference) => reference.deref() === undefined)) return true;
  }
  return false;
}
