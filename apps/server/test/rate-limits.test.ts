import { randomUUID } from "node:crypto";
import { afterEach, expect, it } from "vitest";
import { joinGeneral, messagesHeard, PASSWORD, refusal, scratchDir, startServer, type TestServer } from "./harness.js";

const dir = scratchDir();
let server: TestServer;
afterEach(async () => {
  await server.close();
  dir.cleanup();
});

it("slows a flooder down, cuts them off if they persist, and serves everyone else", async () => {
  server = await startServer(`${dir.path}/parley.db`, (config) => {
    config.rateLimits = { ...config.rateLimits, requestsPerUser: { points: 5, seconds: 60 } };
  });
  const mallory = await joinGeneral(server, "mallory");
  const alice = await joinGeneral(server, "alice");
  const bob = await joinGeneral(server, "bob");

  const burst = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      mallory.emitWithAck("message:send", { clientId: randomUUID(), roomId: "general", text: `spam ${i}` }),
    ),
  );
  const codes = burst.map((ack) => (ack.ok ? "ok" : ack.error.code));
  // room:join spent one point: four sends go through, the rest are refused.
  expect(codes.filter((code) => code === "ok")).toHaveLength(4);
  expect(codes.filter((code) => code === "rate_limited")).toHaveLength(4);

  const cutOff = new Promise<string>((resolve) => mallory.once("disconnect", resolve));
  for (let i = 0; i < 30; i++)
    mallory.emit("message:send", { clientId: randomUUID(), roomId: "general", text: "more spam" }, () => {});
  expect(await cutOff).toBe("io server disconnect");

  const received = messagesHeard(bob);
  expect(
    (await alice.emitWithAck("message:send", { clientId: randomUUID(), roomId: "general", text: "hello" })).ok,
  ).toBe(true);
  await expect.poll(() => received).toContainEqual(expect.objectContaining({ author: "alice", text: "hello" }));
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
  expect((await refusal(server, "alice", { token })).code).toBe("rate_limited");
});
