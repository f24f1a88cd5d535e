import { once } from "node:events";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratchDir } from "../../../test/harness.js";
import { scratchSchemaUrl } from "../../../test/test-database.js";
import { withDefaultUser } from "./default-user.js";
import { isUnreachable } from "./unreachable.js";

/**
 * What node-postgres really throws when PostgreSQL cannot be reached, cannot
 * take the work, or refuses the query itself, each error provoked for real:
 * only the first kinds may be answered `unavailable` (try again), the last
 * must stay what it is (a bug, or a conflict the store handles).
 */

const dir = scratchDir();
let url: string;
let admin: pg.Client;

beforeAll(async () => {
  url = withDefaultUser(await scratchSchemaUrl(`${dir.path}/parley.db`));
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query("create table pairs (id int primary key, value int not null)");
  await admin.query("insert into pairs values (1, 0), (2, 0)");
});

afterAll(async () => {
  await admin.end();
  dir.cleanup();
});

/** The error `work` rejects with; fails if it resolves. */
async function failureOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error("it did not fail");
}

async function connected(connectionString = url): Promise<pg.Client> {
  const client = new pg.Client({ connectionString });
  // A broken connection is also reported here; the query reports it too.
  client.on("error", () => {});
  await client.connect();
  return client;
}

/** A TCP server on a free port that treats each connection as `handle` says. */
async function listening(handle: (socket: Socket) => void): Promise<{ url: string; server: Server }> {
  const server = createServer(handle);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const target = new URL(url);
  target.port = String((server.address() as AddressInfo).port);
  return { url: target.href, server };
}

/** A connection string for a port nothing listens on. */
async function nothingListening(): Promise<string> {
  const { url: address, server } = await listening(() => {});
  server.close();
  await once(server, "close");
  return address;
}

async function withServer<T>(handle: (socket: Socket) => void, use: (address: string) => Promise<T>): Promise<T> {
  const sockets = new Set<Socket>();
  const { url: address, server } = await listening((socket) => {
    sockets.add(socket);
    handle(socket);
  });
  try {
    return await use(address);
  } finally {
    for (const socket of sockets) socket.destroy();
    server.close();
  }
}

describe("unreachable: worth trying again once PostgreSQL is back", () => {
  it("a connection refused: nothing listens", async () => {
    const error = await failureOf(new pg.Client({ connectionString: await nothingListening() }).connect());
    expect(error).toMatchObject({ code: "ECONNREFUSED" });
    expect(isUnreachable(error)).toBe(true);
  });

  it("a connection reset before PostgreSQL answered", async () => {
    const error = await withServer(
      (socket) => socket.resetAndDestroy(),
      (address) => failureOf(new pg.Client({ connectionString: address }).connect()),
    );
    expect(isUnreachable(error)).toBe(true);
  });

  it("a connection closed before PostgreSQL answered", async () => {
    const error = await withServer(
      (socket) => socket.end(),
      (address) => failureOf(new pg.Client({ connectionString: address }).connect()),
    );
    expect(error).toMatchObject({ message: "Connection terminated unexpectedly" });
    expect(isUnreachable(error)).toBe(true);
  });

  it("a connection that never answers, given up by the pool", async () => {
    const error = await withServer(
      () => {},
      async (address) => {
        const pool = new pg.Pool({ connectionString: address, connectionTimeoutMillis: 200 });
        try {
          return await failureOf(pool.connect());
        } finally {
          await pool.end();
        }
      },
    );
    expect(error).toMatchObject({ message: "Connection terminated due to connection timeout" });
    expect(isUnreachable(error)).toBe(true);
  });

  it("a pool whose every connection is busy for longer than a request waits", async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 200 });
    const busy = await pool.connect();
    try {
      const error = await failureOf(pool.query("select 1"));
      expect(error).toMatchObject({ message: "timeout exceeded when trying to connect" });
      expect(isUnreachable(error)).toBe(true);
    } finally {
      busy.release();
      await pool.end();
    }
  });

  it("a query whose connection PostgreSQL ends (a restart), and the next query on that connection", async () => {
    const client = await connected();
    try {
      const running = failureOf(client.query("select pg_sleep(30)"));
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where pid = $1 and state = 'active'", [
        (client as unknown as { processID: number }).processID,
      ]);
      const ended = await running;
      expect(ended).toMatchObject({ code: "57P01" });
      expect(isUnreachable(ended)).toBe(true);
      const next = await failureOf(client.query("select 1"));
      expect(isUnreachable(next)).toBe(true);
    } finally {
      await client.end();
    }
  });

  it("a host name that cannot be looked up just now (DNS)", async () => {
    const pool = new pg.Pool({ connectionString: "postgres://nobody@parley-no-such-host.invalid/test", max: 1 });
    const error = await pool.query("select 1").catch((caught: unknown) => caught);
    await pool.end();
    expect(isUnreachable(error)).toBe(true);
    // A resolver that times out says EAI_AGAIN rather than ENOTFOUND; it passes too.
    expect(isUnreachable(Object.assign(new Error("getaddrinfo EAI_AGAIN db.internal"), { code: "EAI_AGAIN" }))).toBe(
      true,
    );
  });

  it("too many connections", async () => {
    // Superusers are exempt from connection limits: a role of its own, allowed none.
    const role = `parley_full_${process.pid}`;
    await admin.query(`create role ${role} login connection limit 0`);
    try {
      const asRole = new URL(url);
      asRole.username = role;
      const error = await failureOf(new pg.Client({ connectionString: asRole.href }).connect());
      expect(error).toMatchObject({ code: "53300" });
      expect(isUnreachable(error)).toBe(true);
    } finally {
      await admin.query(`drop role ${role}`);
    }
  });

  it("a deadlock: one of the two transactions is rolled back, and passes on a retry", async () => {
    const [first, second] = [await connected(), await connected()];
    try {
      await first.query("begin");
      await second.query("begin");
      await first.query("update pairs set value = value + 1 where id = 1");
      await second.query("update pairs set value = value + 1 where id = 2");
      const outcomes = await Promise.allSettled([
        first.query("update pairs set value = value + 1 where id = 2"),
        second.query("update pairs set value = value + 1 where id = 1"),
      ]);
      const failures = outcomes.flatMap((outcome): unknown[] =>
        outcome.status === "rejected" ? [outcome.reason] : [],
      );
      expect(failures).toMatchObject([{ code: "40P01" }]);
      expect(isUnreachable(failures[0])).toBe(true);
    } finally {
      await Promise.all([first, second].map((client) => client.query("rollback").then(() => client.end())));
    }
  });

  it("a serialization failure", async () => {
    const [first, second] = [await connected(), await connected()];
    try {
      // Write skew: each reads what the other writes.
      for (const client of [first, second]) await client.query("begin isolation level serializable");
      await first.query("select sum(value) from pairs");
      await second.query("select sum(value) from pairs");
      await first.query("update pairs set value = 1 where id = 1");
      await second.query("update pairs set value = 1 where id = 2");
      await first.query("commit");
      const error = await failureOf(second.query("commit"));
      expect(error).toMatchObject({ code: "40001" });
      expect(isUnreachable(error)).toBe(true);
    } finally {
      await second.query("rollback");
      await Promise.all([first.end(), second.end()]);
    }
  });
});

describe("not unreachable: trying again would fail the same way", () => {
  it.each([
    ["a syntax error", "selec 1", "42601"],
    ["an unknown table", "select * from no_such_table", "42P01"],
    ["a duplicate key", "insert into pairs values (1, 0)", "23505"],
    ["a missing value", "insert into pairs (id) values (3)", "23502"],
    ["a division by zero", "select 1 / 0", "22012"],
  ])("%s", async (_, query, code) => {
    const error = await failureOf(admin.query(query));
    expect(error).toMatchObject({ code });
    expect(isUnreachable(error)).toBe(false);
  });

  it("an error of the code, or something thrown that is not an Error", () => {
    expect(isUnreachable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isUnreachable(new Error("No room general to append to"))).toBe(false);
    expect(isUnreachable("Connection terminated unexpectedly")).toBe(false);
    expect(isUnreachable({ code: "ECONNRESET" })).toBe(false);
    expect(isUnreachable(undefined)).toBe(false);
  });
});
