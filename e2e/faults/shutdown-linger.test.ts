import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { randomBytes } from "node:crypto";
import { PROTOCOL_VERSION } from "@parley/protocol";
import { describe, expect, it, onTestFinished } from "vitest";
import { ENGINES, createServerProcess, type ServerProcess } from "./support/server-process.js";

/**
 * A Socket.IO client that, once connected, ignores the server: it never
 * answers the WebSocket close frame and never closes its side of the TCP
 * connection (a client on Python's Socket.IO library was seen to do so).
 * Written by hand on a raw TCP socket, because every WebSocket library
 * answers a close frame.
 */
async function stubbornClient(
  server: ServerProcess,
  name: string,
): Promise<{ socket: Socket; received: () => string }> {
  const signedUp = await fetch(`${server.url}/api/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: name, password: "correct horse battery staple" }),
  });
  expect(signedUp.status).toBe(201);
  const cookie = signedUp.headers.getSetCookie()[0]?.split(";")[0] ?? "";

  const socket = connect(server.port, "127.0.0.1");
  await once(socket, "connect");
  let received = "";
  socket.setEncoding("latin1").on("data", (chunk: string) => (received += chunk));
  // Swallow the reset when the server finally cuts the connection.
  socket.on("error", () => {});
  socket.write(
    [
      `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1`,
      `Host: 127.0.0.1:${server.port}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}`,
      "Sec-WebSocket-Version: 13",
      `Cookie: ${cookie}`,
      "",
      "",
    ].join("\r\n"),
  );
  await until(
    () => received.includes('0{"sid"'),
    "the Engine.IO open packet",
    () => received,
  );
  // Socket.IO's CONNECT to the main namespace, with Parley's handshake.
  socket.write(maskedTextFrame(`40${JSON.stringify({ protocolVersion: PROTOCOL_VERSION })}`));
  await until(
    () => /40\{"sid"/.test(received),
    "Socket.IO's connect answer",
    () => received,
  );
  return { socket, received: () => received };
}

/** A client's WebSocket text frame (clients must mask), for payloads under 126 bytes. */
function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  if (payload.length >= 126) throw new Error("a longer payload needs an extended length");
  const mask = randomBytes(4);
  const masked = payload.map((byte, index) => byte ^ (mask[index % 4] ?? 0));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}

async function until(condition: () => boolean, what: string, state: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`No ${what} within 10 s; received: ${JSON.stringify(state())}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(ENGINES)("the server on %s", (engine) => {
  it("on SIGTERM, cuts off a client that never closes its connection, and exits cleanly", async () => {
    // Far longer than the helper waits for a graceful exit (20 s): only a
    // shutdown that ends the stubborn connection itself exits with 0 in time.
    const server = await createServerProcess({
      engine,
      env: { LOG_LEVEL: "info", SHUTDOWN_TIMEOUT_MS: "120000" },
    });
    onTestFinished(() => server.dispose());
    await server.start();
    const stubborn = await stubbornClient(server, "stubborn");
    onTestFinished(() => void stubborn.socket.destroy());

    const exit = await server.terminate();

    expect(exit, server.log()).toEqual({ code: 0, signal: null });
    const log = server.log();
    expect(log).toContain('"msg":"shutting down"');
    expect(log).toMatch(/"connections":1,"graceMs":\d+,"msg":"cut off connections left open"/);
    expect(log).toContain('"msg":"shut down"');
    expect(log).not.toContain("shutdown timed out");
    // It was told, as every client is, before it was cut off.
    expect(stubborn.received()).toContain('42["server:closing"');
  });
});
