import { randomUUID } from "node:crypto";
import { PROTOCOL_VERSION } from "@parley/protocol";
import { expect } from "vitest";
import { it, refusal, startServer, scratchDir } from "./harness.js";

it("takes the user from the session, whatever the payloads say", async ({ server }) => {
  const alice = await server.connect("alice");
  const joined = await alice.emitWithAck("room:join", { roomId: "general" });
  const sent = await alice.emitWithAck("message:send", { clientId: randomUUID(), roomId: "general", text: "hi" });
  expect(joined.ok && sent.ok && sent.data).toMatchObject({ author: "alice" });
});

it("accepts the browser's session cookie", async ({ server }) => {
  await server.token("alice");
  const signedIn = await server.api("POST", "/api/sessions", {
    username: "alice",
    password: "correct horse battery staple",
  });
  const cookie = signedIn.headers.getSetCookie()[0]?.split(";")[0] ?? "";
  const { io } = await import("socket.io-client");
  const socket = io(server.url, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie },
    auth: { protocolVersion: PROTOCOL_VERSION },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    expect(socket.connected).toBe(true);
  } finally {
    socket.disconnect();
  }
});

it.for<[string, Record<string, unknown>]>([
  ["no credentials", {}],
  ["a forged token", { token: "forged-token-that-no-session-has" }],
])("refuses %s as unauthorized", async ([, auth], { server }) => {
  const reason = await refusal(server, "alice", { token: "", auth: { token: undefined, ...auth } });
  expect(reason).toEqual({ code: "unauthorized", message: expect.any(String) });
});

it("refuses a revoked session", async ({ server }) => {
  const token = await server.token("alice");
  await server.api("DELETE", "/api/session", undefined, { authorization: `Bearer ${token}` });
  expect((await refusal(server, "alice", { token })).code).toBe("unauthorized");
});

it("refuses an expired session", async () => {
  const dir = scratchDir();
  const server = await startServer(`${dir.path}/parley.db`, (config) => {
    config.sessionTtlMs = 0;
  });
  try {
    const token = await server.token("alice");
    expect((await refusal(server, "alice", { token })).code).toBe("unauthorized");
  } finally {
    await server.close();
    dir.cleanup();
  }
});

it("refuses a malformed handshake with a clear reason", async ({ server }) => {
  const reason = await refusal(server, "alice", { auth: { token: 42 } });
  expect(reason.code).toBe("invalid_handshake");
  expect(reason.message).toMatch(/token/);
});

it("refuses another protocol version", async ({ server }) => {
  expect((await refusal(server, "alice", { auth: { protocolVersion: 999 } })).code).toBe("unsupported_version");
});

it("keeps no bearer token on the connection once the handshake has used it", async ({ server }) => {
  const token = await server.token("alice");
  const alice = await server.connect("alice", { token });
  const [connection] = await server.app.io.fetchSockets();
  expect(connection?.id).toBe(alice.id);
  expect(connection?.handshake.auth).toEqual({ protocolVersion: PROTOCOL_VERSION });
  expect(JSON.stringify(connection?.handshake)).not.toContain(token);
  // The connection still serves requests.
  expect((await alice.emitWithAck("room:list", {})).ok).toBe(true);
});
