import type { Result, RoomMessage } from "@parley/protocol";
import pg from "pg";
import { describe, expect, inject, it, onTestFinished, vi } from "vitest";
import {
  ROOM,
  closeAll,
  connect,
  describeChatters,
  expectConverged,
  expectEveryMessageOnce,
  serverHistory,
  signUp,
  uniqueNames,
  whenOnline,
  within,
  type Chatter,
  type Sent,
} from "./support/chatters.js";
import { createServerProcess } from "./support/server-process.js";
import { FAULT_TEST_TIMEOUT_MS, settings } from "./support/settings.js";
import { createTcpProxy } from "./support/tcp-proxy.js";

/** Messages each client sends while PostgreSQL is out of reach. */
const SENT_DURING_OUTAGE = 5;

/** Every error code a client's outbox showed, from now on. */
function outboxErrors(chatter: Chatter): Set<string> {
  const seen = new Set<string>();
  chatter.client.subscribe(() => {
    for (const entry of chatter.client.getSnapshot().outbox) if (entry.error) seen.add(entry.error.code);
  });
  return seen;
}

/** Every connection state a client passed through, from now on. */
function connectionStates(chatter: Chatter): string[] {
  const states: string[] = [];
  chatter.client.subscribe(() => {
    const { connection } = chatter.client.getSnapshot();
    if (states.at(-1) !== connection) states.push(connection);
  });
  return states;
}

/**
 * Locks the room's row in PostgreSQL, so that the server's next write to it
 * waits inside its transaction: caught in flight when the database goes.
 */
async function lockRoom(databaseUrl: string, roomId: string) {
  const holder = new pg.Client({ connectionString: databaseUrl });
  await holder.connect();
  await holder.query("begin");
  await holder.query("select id from rooms where id = $1 for update", [roomId]);
  return {
    /** Resolves once a connection other than this one waits for the lock. */
    untilWriteWaits: () =>
      vi.waitFor(
        async () => {
          const { rows } = await holder.query<{ waiting: number }>(
            "select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
          );
          expect(rows[0]?.waiting).toBeGreaterThan(0);
        },
        { timeout: 30_000, interval: 50 },
      ),
    async release() {
      await holder.query("rollback");
      await holder.end();
    },
  };
}

async function readiness(url: string) {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: await response.json() };
}

describe("PostgreSQL goes away while clients send", { timeout: FAULT_TEST_TIMEOUT_MS }, () => {
  it("the server answers unavailable, the outboxes keep the messages, and once it is back they drain, each stored once", async () => {
    // The server reaches PostgreSQL only through the proxy; the clients reach the server directly.
    const postgres = new URL(inject("postgresUrl"));
    const proxy = await createTcpProxy(Number(postgres.port || 5432), postgres.hostname);
    onTestFinished(() => proxy.close());
    const server = await createServerProcess({ engine: "postgres", postgresPort: proxy.port });
    onTestFinished(() => server.dispose());
    await server.start();

    const [reader, latecomerAccount, ...accounts] = await signUp(
      server.url,
      uniqueNames("pgdown", settings.clients + 2),
    );
    if (!reader || !latecomerAccount) throw new Error("missing accounts");
    const chatters = accounts.map((account) => connect(account, server.url));
    onTestFinished(() => closeAll(chatters));
    await Promise.all(chatters.map((chatter) => whenOnline(chatter)));
    const status = () => ({ chatters: describeChatters(chatters), log: server.log().slice(-2000) });

    const sends: Promise<Sent>[] = [];
    const send = (chatter: Chatter, text: string) =>
      sends.push(
        chatter.client.send(ROOM, text).then((result: Result<RoomMessage>) => ({ from: chatter.name, text, result })),
      );
    for (const chatter of chatters) for (let i = 0; i < 2; i++) send(chatter, `${chatter.name}-before${i}`);
    await within(Promise.all(sends), 30_000, "the first sends acknowledged", status);

    const errors = chatters.map(outboxErrors);
    if (!server.databaseUrl) throw new Error("the server is not on PostgreSQL");
    const lock = await lockRoom(server.databaseUrl, ROOM);
    for (const chatter of chatters)
      for (let i = 0; i < SENT_DURING_OUTAGE; i++) send(chatter, `${chatter.name}-down${i}`);
    // PostgreSQL goes away with a write under way (and idle connections in the pool).
    await lock.untilWriteWaits();
    void proxy.cut(Infinity);
    await lock.release();
    // Each client's first message is refused, and all of them wait in its outbox.
    await vi.waitFor(
      () => {
        expect(server.running(), `the server is still up:\n${server.log()}`).toBe(true);
        for (const chatter of chatters) {
          const { outbox } = chatter.client.getSnapshot();
          expect(outbox.map((entry) => entry.state)).toEqual(Array(SENT_DURING_OUTAGE).fill("pending"));
          expect(outbox[0]?.error?.code).toBe("unavailable");
        }
      },
      { timeout: 30_000, interval: 100 },
    );
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await readiness(server.url)).toMatchObject({
      status: 503,
      body: { status: "not ready", reason: "database unavailable" },
    });
    // Someone connecting now is refused (its session cannot be looked up) and keeps trying.
    const latecomer = connect(latecomerAccount, server.url);
    onTestFinished(() => closeAll([latecomer]));
    const latecomerStates = connectionStates(latecomer);
    await vi.waitFor(() => expect(latecomerStates).toContain("reconnecting"), { timeout: 30_000, interval: 50 });

    proxy.restore();
    const sent = await within(Promise.all(sends), 90_000, "every outbox drained after the outage", status);
    await whenOnline(latecomer);
    expect(await readiness(server.url)).toMatchObject({ status: 200 });

    const auditor = connect(reader, server.url);
    onTestFinished(() => closeAll([auditor]));
    await whenOnline(auditor);
    const history = await serverHistory(auditor);
    expectEveryMessageOnce(history, sent);
    await expectConverged(chatters, history);
    expect(chatters.map((chatter) => chatter.client.getSnapshot().outbox)).toEqual(chatters.map(() => []));
    // Refused as unavailable, never as anything else (internal, timeout), and never given up on.
    expect(errors.map((codes) => [...codes])).toEqual(chatters.map(() => ["unavailable"]));
    expect(latecomerStates).not.toContain("rejected");
  });
});
