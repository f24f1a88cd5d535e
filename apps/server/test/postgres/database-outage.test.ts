import { randomUUID } from "node:crypto";
import { PROTOCOL_VERSION } from "@parley/protocol";
import { afterEach, expect, it, vi } from "vitest";
import {
  PASSWORD,
  joinGeneral,
  nextMessages,
  refusal,
  scratchDir,
  type TestServer,
  type TestSocket,
} from "../harness.js";
import { startProxiedServer, type ProxiedServer } from "./proxied-server.js";
import { Sends, codeOf, expectEachStoredOnce, wholeHistory } from "./sends.js";

/**
 * PostgreSQL going away, or restarting, while people send. Nothing of it may
 * reach a client as `internal` or take the process down: requests answer
 * `unavailable` (try again later), the node stays alive and says it is not
 * ready, and once the database is back every message the clients send again
 * (as their outboxes do, with the same clientId) is stored exactly once,
 * including those whose commit happened but whose answer was lost.
 */

const dir = scratchDir();
afterEach(() => dir.cleanup());

const NAMES = ["alice", "bob", "carol"] as const;

/** Each test waits for the database to come back and for answers on a loaded machine: more than the default 5 s. */
const FAULT = { timeout: 30_000 };

async function readiness(server: TestServer) {
  const response = await fetch(`${server.url}/readyz`);
  return { status: response.status, body: await response.json() };
}

/** Every person sends `count` messages at once; resolves with the answers. */
async function everyoneSends(sends: Sends, people: TestSocket[], label: string, count: number) {
  const answers = await Promise.all(people.map((socket, i) => sends.burst(socket, `${NAMES[i]}-${label}`, count)));
  return answers.flat().map(codeOf);
}

/** A write of everyone's caught in its transaction when `fault` strikes; resolves with their answers. */
async function caughtInFlight(fault: ProxiedServer, sends: Sends, people: TestSocket[], strike: () => Promise<void>) {
  const lock = await fault.lock("select id from rooms where id = $1 for update", ["general"]);
  const answers = everyoneSends(sends, people, "in-flight", 3);
  await fault.untilServerWaits();
  await strike();
  await lock.release();
  return answers;
}

it(
  "while PostgreSQL cannot be reached, answers unavailable and is alive but not ready; once back, loses nothing",
  FAULT,
  async () => {
    const fault = await startProxiedServer(`${dir.path}/parley.db`);
    const { server, proxy } = fault;
    const people = await Promise.all(NAMES.map((name) => joinGeneral(server, name)));
    const spareToken = await server.token("alice");
    const sends = new Sends();
    expect(await everyoneSends(sends, people, "before", 3)).toEqual(Array(9).fill("ok"));

    const inFlight = await caughtInFlight(fault, sends, people, () => Promise.resolve(proxy.cut()));
    const whileDown = await everyoneSends(sends, people, "down", 3);

    expect(inFlight).toEqual(Array(9).fill("unavailable"));
    expect(whileDown).toEqual(Array(9).fill("unavailable"));
    const list = await people[0]!.emitWithAck("message:list", { roomId: "general" });
    expect(codeOf(list)).toBe("unavailable");
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await readiness(server)).toEqual({
      status: 503,
      body: { status: "not ready", reason: "database unavailable", protocolVersion: PROTOCOL_VERSION },
    });
    expect(await refusal(server, "alice", { token: spareToken })).toMatchObject({ code: "unavailable" });
    const signIn = await server.api("POST", "/api/tokens", { username: "bob", password: PASSWORD });
    expect(signIn).toMatchObject({ status: 503, body: { error: { code: "unavailable" } } });

    proxy.restore();
    await vi.waitFor(async () => expect((await readiness(server)).status).toBe(200), { timeout: 10_000 });
    expect((await sends.retryUnacknowledged()).map(codeOf)).toEqual(Array(18).fill("ok"));
    expect(await everyoneSends(sends, people, "after", 3)).toEqual(Array(9).fill("ok"));
    expect(await server.connect("alice", { token: spareToken })).toBeDefined();

    expectEachStoredOnce(await wholeHistory(people[0]!), sends.all);
    expect(sends.codes()).toEqual({ ok: 36, unavailable: 18 });
  },
);

it(
  "when PostgreSQL ends the server's connections (a restart) with writes in flight, answers unavailable, then goes on",
  FAULT,
  async () => {
    const fault = await startProxiedServer(`${dir.path}/parley.db`);
    const { server } = fault;
    const people = await Promise.all(NAMES.map((name) => joinGeneral(server, name)));
    const sends = new Sends();
    expect(await everyoneSends(sends, people, "before", 3)).toEqual(Array(9).fill("ok"));

    let ended = 0;
    const inFlight = await caughtInFlight(fault, sends, people, async () => {
      ended = await fault.endServerConnections();
    });

    // The pool had connections, one of them writing: every one of them ended.
    expect(ended).toBeGreaterThan(1);
    // The write that waited failed; those queued behind it went out on a new connection.
    expect(inFlight).toContain("unavailable");
    expect(inFlight.filter((code) => code !== "ok" && code !== "unavailable")).toEqual([]);
    // A connection the pool still held may learn it was ended only when used: a
    // health check or a send on it is answered unavailable too, once.
    await vi.waitFor(async () => expect((await readiness(server)).status).toBe(200), { timeout: 10_000 });
    await retryUntilAcknowledged(sends);
    expect(await everyoneSends(sends, people, "after", 3)).toEqual(Array(9).fill("ok"));

    expectEachStoredOnce(await wholeHistory(people[0]!), sends.all);
    expect(Object.keys(sends.codes()).sort()).toEqual(["ok", "unavailable"]);
  },
);

it(
  "through restarts again and again during a storm of sends, answers only ok or unavailable, and stores each once",
  FAULT,
  async () => {
    const fault = await startProxiedServer(`${dir.path}/parley.db`);
    const people = await Promise.all(NAMES.map((name) => joinGeneral(fault.server, name)));
    const sends = new Sends();

    let restarts = 0;
    for (let round = 0; round < 20; round++) {
      const storm = everyoneSends(sends, people, `round${round}`, 5);
      // Somewhere in the middle of the round's writes: before, during or after a commit.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
      restarts += (await fault.endServerConnections()) > 0 ? 1 : 0;
      await storm;
    }
    await retryUntilAcknowledged(sends);

    expect(restarts).toBeGreaterThan(0);
    expectEachStoredOnce(await wholeHistory(people[0]!), sends.all);
    const codes = sends.codes();
    expect(Object.keys(codes).sort(), JSON.stringify(codes)).toEqual(["ok", "unavailable"]);
  },
);

/** Tries the unacknowledged sends again, a few times, as the outbox would; fails if any answer is not ok or unavailable. */
async function retryUntilAcknowledged(sends: Sends): Promise<void> {
  for (let tries = 0; tries < 5; tries++) {
    const answers = (await sends.retryUnacknowledged()).map(codeOf);
    expect(answers.filter((code) => code !== "ok" && code !== "unavailable")).toEqual([]);
    if (answers.every((code) => code === "ok")) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it(
  "closes a new connection whose rooms could not be looked up, so that its client comes back rather than hear nothing",
  FAULT,
  async () => {
    const fault = await startProxiedServer(`${dir.path}/parley.db`);
    const { server, proxy } = fault;
    const alice = await joinGeneral(server, "alice");
    const bobToken = await server.token("bob");

    // Bob's handshake finds his session; joining his rooms then waits, and the database goes.
    const lock = await fault.lock("lock table room_members in access exclusive mode");
    const bob = await server.connect("bob", { token: bobToken });
    const disconnects: string[] = [];
    bob.on("disconnect", (reason) => disconnects.push(reason));
    await fault.untilServerWaits();
    proxy.cut();
    await lock.release();
    // A dropped transport, which a client answers by connecting again (not a disconnect by the server, which ends it).
    await vi.waitFor(() => expect(disconnects).toEqual(["transport close"]), { timeout: 3_000 });

    proxy.restore();
    await vi.waitFor(async () => expect((await readiness(server)).status).toBe(200), { timeout: 10_000 });
    const back = await joinGeneral(server, "bob", bobToken);
    const heard = nextMessages(back);
    const sent = await alice.emitWithAck("message:send", { clientId: randomUUID(), roomId: "general", text: "hi bob" });
    expect(codeOf(sent)).toBe("ok");
    expect((await heard).map((message) => message.kind === "user" && message.text)).toEqual(["hi bob"]);
  },
);
