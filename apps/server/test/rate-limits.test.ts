import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { ProtocolError } from "@parley/protocol";
import { afterEach, expect, it } from "vitest";
import {
  joinGeneral,
  messagesHeard,
  PASSWORD,
  refusal,
  scratchDir,
  startServer,
  type TestServer,
  type TestSocket,
} from "./harness.js";

const dir = scratchDir();
let server: TestServer;
afterEach(async () => {
  await server.close();
  dir.cleanup();
});

const send = (socket: TestSocket, text: string) =>
  socket.emitWithAck("message:send", { clientId: randomUUID(), roomId: "general", text });

it("slows a flooder down, cuts them off if they persist, and serves everyone else", async () => {
  server = await startServer(`${dir.path}/parley.db`, (config) => {
    config.rateLimits = { ...config.rateLimits, sendsPerUser: { points: 4, seconds: 60 } };
  });
  const mallory = await joinGeneral(server, "mallory");
  const alice = await joinGeneral(server, "alice");
  const bob = await joinGeneral(server, "bob");

  const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => send(mallory, `spam ${i}`)));
  const codes = burst.map((ack) => (ack.ok ? "ok" : ack.error.code));
  expect(codes.filter((code) => code === "ok")).toHaveLength(4);
  expect(codes.filter((code) => code === "rate_limited")).toHaveLength(4);

  // Mallory ignores the refusals and keeps going.
  const cutOff = new Promise<string>((resolve) => mallory.once("disconnect", resolve));
  for (let i = 0; i < 30; i++)
    mallory.emit("message:send", { clientId: randomUUID(), roomId: "general", text: "more spam" }, () => {});
  expect(await cutOff).toBe("io server disconnect");

  const received = messagesHeard(bob);
  expect((await send(alice, "hello")).ok).toBe(true);
  await expect.poll(() => received).toContainEqual(expect.objectContaining({ author: "alice", text: "hello" }));
});

it("gives sends, typing, reads and presence budgets of their own", async () => {
  server = await startServer(`${dir.path}/parley.db`, (config) => {
    const tight = { points: 3, seconds: 60 };
    config.rateLimits = {
      ...config.rateLimits,
      sendsPerUser: tight,
      typingPerUser: tight,
      readsPerUser: tight,
      presencePerUser: tight,
      requestsPerUser: tight,
    };
  });
  // Joining spent one point of the general budget.
  const alice = await joinGeneral(server, "alice");
  const codes = async (count: number, request: () => Promise<{ ok: boolean }>) => {
    const answers: string[] = [];
    for (let i = 0; i < count; i++) {
      const answer = (await request()) as { ok: true } | { ok: false; error: ProtocolError };
      answers.push(answer.ok ? "ok" : answer.error.code);
    }
    return answers;
  };
  const refusedAfterThree = ["ok", "ok", "ok", "rate_limited", "rate_limited"];

  // A fast typist's notices run out; her messages, reads and presence do not suffer.
  expect(await codes(5, () => alice.emitWithAck("typing:set", { roomId: "general", typing: true }))).toEqual(
    refusedAfterThree,
  );
  expect(await codes(5, () => send(alice, "hello"))).toEqual(refusedAfterThree);
  expect(await codes(5, () => alice.emitWithAck("room:read", { roomId: "general", seq: 1 }))).toEqual(
    refusedAfterThree,
  );
  expect(await codes(5, () => alice.emitWithAck("presence:set", { status: "away" }))).toEqual(refusedAfterThree);
  expect(await codes(3, () => alice.emitWithAck("room:list", {}))).toEqual(["ok", "ok", "rate_limited"]);
  expect(alice.connected).toBe(true);
});

it("says when to try again, and a client that waits that long is served and never cut off", async () => {
  server = await startServer(`${dir.path}/parley.db`, (config) => {
    config.rateLimits = { ...config.rateLimits, sendsPerUser: { points: 3, seconds: 1 } };
  });
  const alice = await joinGeneral(server, "alice");
  let disconnected = false;
  alice.on("disconnect", () => (disconnected = true));

  const texts = Array.from({ length: 10 }, (_, i) => `line ${i + 1}`);
  const retryAfters: number[] = [];
  for (const text of texts) {
    const clientId = randomUUID();
    for (;;) {
      const ack = await alice.emitWithAck("message:send", { clientId, roomId: "general", text });
      if (ack.ok) break;
      expect(ack.error.code).toBe("rate_limited");
      const { retryAfterMs } = ack.error;
      retryAfters.push(retryAfterMs ?? -1);
      if (retryAfterMs === undefined) break;
      await sleep(retryAfterMs);
    }
  }
  // Ten messages at three a second: at least three waits, each within the one-second window.
  expect(retryAfters.length).toBeGreaterThanOrEqual(3);
  for (const retryAfterMs of retryAfters) {
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(1000);
  }
  const page = await alice.emitWithAck("message:list", { roomId: "general" });
  if (!page.ok) throw new Error(page.error.message);
  const sent = page.data.messages.flatMap((message) => (message.kind === "user" ? [message.text] : []));
  expect(sent).toEqual(texts);
  expect(disconnected).toBe(false);
});

it("cuts off a client that keeps sending typing notices after refusals, and it may come back", async () => {
  server = await startServer(`${dir.path}/parley.db`, (config) => {
    config.rateLimits = { ...config.rateLimits, typingPerUser: { points: 5, seconds: 60 } };
  });
  const token = await server.token("mallory");
  const mallory = await server.connect("mallory", { token });
  const cutOff = new Promise<string>((resolve) => mallory.once("disconnect", resolve));
  const refusals: ProtocolError[] = [];
  for (let i = 0; i < 40; i++)
    mallory.emit("typing:set", { roomId: "general", typing: true }, (ack) => {
      if (!ack.ok) refusals.push(ack.error);
    });
  expect(await cutOff).toBe("io server disconnect");
  // The refusal before the cut-off said why.
  expect(refusals.at(-1)).toMatchObject({ code: "rate_limited", retryAfterMs: expect.any(Number) });
  // The session was not ended: the same token connects again.
  const again = await server.connect("mallory", { token });
  expect((await again.emitWithAck("presence:list", {})).ok).toBe(true);
});

it("limits sign-in attempts per address", async () => {
  server = await startServer(`${dir.path}/parley.db`, (config) => {
    config.rateLimits = { ...config.rateLimits, signInsPerIp: { points: 3, seconds: 60 } };
  });
  const statuses = [];
  for (let i = 0; i < 5; i++) {
    statuses.push((await server.api("POST", "/api/sessions", { username: `user${i}`, password: PASSWORD })).status);
  }
  expect(statuses).toEqual([401, 401, 401, 429, 429]);
});

it("locks an account after repeated wrong passwords, from any address", async () => {
  server = await startServer(`${dir.path}/parley.db`, (config) => {
    config.rateLimits = { ...config.rateLimits, failedSignInsPerAccount: { points: 3, seconds: 60 } };
  });
  await server.api("POST", "/api/accounts", { username: "alice", password: PASSWORD });
  for (let i = 0; i < 3; i++) {
    expect(
      (await server.api("POST", "/api/sessions", { username: "alice", password: "guess-number-" + i })).status,
    ).toBe(401);
  }
  const locked = await server.api("POST", "/api/sessions", { username: "alice", password: PASSWORD });
  expect(locked).toMatchObject({ status: 429, body: { error: { code: "rate_limited" } } });
  // Other accounts are not affected.
  expect((await server.api("POST", "/api/accounts", { username: "bob", password: PASSWORD })).status).toBe(201);
});

it("limits handshakes per address", async () => {
  server = await startServer(`${dir.path}/parley.db`, (config) => {
    config.rateLimits = { ...config.rateLimits, handshakesPerIp: { points: 2, seconds: 60 } };
  });
  const token = await server.token("alice");
  await server.connect("alice", { token });
  await server.connect("alice", { token });
  const refused = await refusal(server, "alice", { token });
  expect(refused.code).toBe("rate_limited");
  expect(refused.retryAfterMs).toBeGreaterThan(0);
  expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
});
