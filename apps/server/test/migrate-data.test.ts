import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { RoomSummary, TokenGrant } from "@parley/protocol";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { Migrator } from "kysely/migration";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runMigrateData } from "../src/migrate-data/cli.js";
import { migrationsFor } from "../src/store/migrations/index.js";
import { sqliteSteps } from "../src/store/migrations/sqlite-steps.js";
import type { Database } from "../src/store/schema.js";
import { channel, dm, post } from "./conversations.js";
import {
  PASSWORD,
  joinGeneral,
  openTestDatabase,
  openTestStore,
  relaxRealtimeLimits,
  scratchDir,
  startServer,
  type TestServer,
  type TestSocket,
} from "./harness.js";
import { scratchSchemaUrl } from "./test-database.js";

const repositoryRoot = fileURLToPath(new URL("../../..", import.meta.url));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** migrate-data as an operator runs it: through pnpm, from the repository's root, with no build first. */
function runCommand(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn("pnpm", ["--filter", "@parley/server", "migrate-data", ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The same command in this process: what it prints, and its exit status. */
async function runInProcess(args: string[]): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  const code = await runMigrateData(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

let dir: ReturnType<typeof scratchDir>;
beforeEach(() => {
  dir = scratchDir();
});
afterEach(() => dir.cleanup());

/** Long enough for pnpm and tsx to start the command (a few seconds) on a busy machine. */
const SPAWNS = { timeout: 60_000 };

/** A server on a SQLite file, whatever engine this project runs on. */
async function startSqliteServer(path: string): Promise<TestServer> {
  return startServer(path, relaxRealtimeLimits, { store: await openTestStore(path, "sqlite") });
}

/** A signed-in socket for someone who already has an account (the harness would sign them up again). */
async function signIn(server: TestServer, username: string, password = PASSWORD): Promise<TestSocket> {
  const grant = await server.api("POST", "/api/tokens", { username, password });
  if (grant.status !== 201) throw new Error(`sign-in of ${username} failed: ${JSON.stringify(grant.body)}`);
  return joinGeneral(server, username, (grant.body as TokenGrant).token);
}

async function ok<T>(ack: Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const answer = await ack;
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.data;
}

/**
 * A small team's history, made through the app's own requests: a channel
 * (renamed, with a topic), a direct conversation, @mentions, a thread, an
 * edit, a deletion, reactions and read markers. Returns the threads' roots.
 */
async function makeHistory(people: Record<"alice" | "bob" | "carol", TestSocket>): Promise<string[]> {
  const { alice, bob, carol } = people;
  const plans = await channel(alice, "plans", "private", ["bob"]);
  await ok(alice.emitWithAck("room:update", { roomId: plans.id, name: "roadmap", topic: "What ships when" }));
  const conversation = await dm(alice, ["bob"]);

  const root = await post(alice, "general", "Hello @bob and @carol: the deploy is tomorrow");
  await post(bob, "general", "deploy checklist is ready", root.id);
  await post(carol, "general", "I will watch the deploy dashboards", root.id);
  const typo = await post(bob, "general", "the relase notes are drafted");
  await ok(bob.emitWithAck("message:edit", { messageId: typo.id, text: "the release notes are drafted" }));
  const regret = await post(alice, "general", "@carol never mind this one");
  await ok(alice.emitWithAck("message:delete", { messageId: regret.id }));
  await post(alice, plans.id, "@bob the roadmap deploy dates are in");
  await post(bob, plans.id, "thanks, reading the deploy dates now");
  await post(alice, conversation.id, "@bob can you review the deploy plan?");
  const last = await post(alice, "general", "one more thing about the release");

  // Reactions in an order that is neither by person nor by emoji.
  for (const [socket, emoji] of [
    [carol, "🎉"],
    [bob, "👍"],
    [alice, "🎉"],
    [carol, "👍"],
    [bob, "🚀"],
  ] as const) {
    await ok(socket.emitWithAck("message:react", { messageId: root.id, emoji }));
  }
  await ok(carol.emitWithAck("message:react", { messageId: typo.id, emoji: "👀" }));

  await ok(bob.emitWithAck("room:read", { roomId: "general", seq: root.seq }));
  await ok(carol.emitWithAck("room:read", { roomId: "general", seq: last.seq }));
  await ok(bob.emitWithAck("room:read", { roomId: plans.id, seq: 1 }));
  return [root.id];
}

/**
 * What each person sees: their rooms with unread and mention counts, every
 * room's history and the threads' replies, and search hits (by id: the two
 * engines may rank equal matches differently).
 */
async function whatEachSees(people: Record<string, TestSocket>, threads: string[]) {
  const seen: Record<string, unknown> = {};
  for (const [name, socket] of Object.entries(people)) {
    const rooms: RoomSummary[] = (await ok(socket.emitWithAck("room:list", {}))).rooms;
    const histories: unknown[] = [];
    for (const room of rooms) {
      histories.push(await ok(socket.emitWithAck("message:list", { roomId: room.id })));
      for (const threadId of threads) {
        const replies = await socket.emitWithAck("message:list", { roomId: room.id, threadId });
        if (replies.ok) histories.push(replies.data);
      }
    }
    const searches: unknown[] = [];
    for (const query of ["deploy", "release notes", "dat"]) {
      const { hits } = await ok(socket.emitWithAck("message:search", { query }));
      searches.push(hits.toSorted((a, b) => a.message.id.localeCompare(b.message.id)));
    }
    seen[name] = { rooms, histories, searches };
  }
  return seen;
}

/** Every row of every table, as strings (pg reads 64-bit integers as strings), sorted. */
async function dump(db: Kysely<Database>): Promise<Record<string, Record<string, string | null>[]>> {
  const tables = ["users", "sessions", "rooms", "room_members", "room_messages", "reactions", "mentions"];
  const columns: Record<string, string> = {
    // What both engines have; PostgreSQL adds reactions.rowid and room_messages.search_vector.
    room_messages:
      "id, room_id, seq, kind, username, body, created_at, thread_id, reply_count, edited_at, deleted_at, client_id, detail",
    reactions: "message_id, user_id, emoji, created_at",
  };
  const dumped: Record<string, Record<string, string | null>[]> = {};
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`select ${sql.raw(columns[table] ?? "*")} from ${sql.table(
      table,
    )}`.execute(db);
    // Sorted here: the engines collate text differently.
    dumped[table] = rows
      .map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([column, value]) => [
            column,
            value === null ? null : String(value as string | number | bigint),
          ]),
        ),
      )
      .toSorted((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return dumped;
}

/** Reactions in the order each engine numbers them (rowid), which is the order a message lists them in. */
async function reactionOrder(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{
    key: string;
  }>`select message_id || user_id || emoji as key from reactions order by rowid`.execute(db);
  return rows.map((row) => row.key);
}

function fileHash(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

describe("migrate-data", () => {
  it(
    "moves a team's history to PostgreSQL: same history, search and unread counts; sign-in and sequences carry on",
    SPAWNS,
    async () => {
      const sqlitePath = `${dir.path}/parley.db`;
      const before = await startSqliteServer(sqlitePath);
      const people = {
        alice: await joinGeneral(before, "alice"),
        bob: await joinGeneral(before, "bob"),
        carol: await joinGeneral(before, "carol"),
      };
      const threads = await makeHistory(people);
      const seenBefore = await whatEachSees(people, threads);
      // Something to compare: unread messages and mentions, search hits.
      expect(seenBefore).toMatchObject({
        bob: { rooms: [{ read: { unread: 2 } }, { read: { unread: 1, mentions: 1 } }, { read: { mentions: 1 } }] },
        carol: { searches: [{ length: 3 }, { length: 1 }, { length: 0 }] },
      });
      const bobsToken = await before.token("bob");
      const rooms = (await ok(people.alice.emitWithAck("room:list", {}))).rooms;
      // The operator stops Parley, then copies.
      await before.close();

      const source = await openTestDatabase(sqlitePath, "sqlite");
      const sourceRows = await dump(source);
      const sourceReactionOrder = await reactionOrder(source);
      await source.destroy();
      const sourceHash = fileHash(sqlitePath);

      // A scratch schema, chosen by the URL's options=-c search_path=…
      const targetPath = `${dir.path}/target.db`;
      const targetUrl = await scratchSchemaUrl(targetPath);
      // Small batches: every table takes several.
      const run = await runCommand(["--from", sqlitePath, "--to", targetUrl, "--batch-size", "3"]);
      expect(run.stderr).not.toMatch(/ at .*\.ts:\d+/); // no stack trace
      expect(run.code).toBe(0);
      for (const [label, rows] of [
        ["accounts", 3],
        ["room members", 3 + 2 + 2],
        ["reactions", 6],
        ["mentions", 4],
      ] as const) {
        expect(run.stderr).toMatch(new RegExp(`^${label} +${rows} / ${rows} rows \\(${rows} new\\)$`, "m"));
      }
      expect(run.stdout).toMatch(/^Copied \d+ rows in [\d.]+ s\.$/m);
      // The source was read, never written.
      expect(fileHash(sqlitePath)).toBe(sourceHash);

      const target = await openTestDatabase(targetPath, "postgres");
      try {
        expect(await dump(target)).toEqual(sourceRows);
        expect(await reactionOrder(target)).toEqual(sourceReactionOrder);

        // Again: nothing new to copy, and nothing changes.
        const again = await runInProcess(["--from", sqlitePath, "--to", targetUrl]);
        expect(again).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Nothing to copy/) });
        expect(again.stderr).toContain("all from");
        expect(await dump(target)).toEqual(sourceRows);
      } finally {
        await target.destroy();
      }

      const after = await startServer(targetPath, relaxRealtimeLimits);
      try {
        const signedIn = {
          alice: await signIn(after, "alice"),
          bob: await signIn(after, "bob"),
          carol: await signIn(after, "carol"),
        };
        expect(await whatEachSees(signedIn, threads)).toEqual(seenBefore);
        // A session from before the move still works.
        await after.connect("bob", { token: bobsToken });
        expect(
          (await after.api("POST", "/api/tokens", { username: "bob", password: "not bob's password at all" })).status,
        ).toBe(401);

        // Each room's sequence carries on from where it stopped.
        for (const room of rooms) {
          const next = await post(signedIn.alice, room.id, "first words on PostgreSQL");
          expect(next.seq).toBe(room.lastSeq + 1);
        }
      } finally {
        await after.close();
      }

      // Now the target has messages of its own: it is no longer this file's copy.
      const refused = await runInProcess(["--from", sqlitePath, "--to", targetUrl]);
      expect(refused.code).toBe(5);
      expect(refused.stderr).toMatch(/The target is not empty: it holds 3 accounts, 2 rooms and \d+ messages/);
      expect(refused.stderr).toContain("--allow-non-empty-target");
      const allowed = await runInProcess(["--from", sqlitePath, "--to", targetUrl, "--allow-non-empty-target"]);
      expect(allowed).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Nothing to copy/) });
    },
  );

  it("refuses a target with data of its own unless told, and writes nothing", async () => {
    const sqlitePath = `${dir.path}/parley.db`;
    const source = await startSqliteServer(sqlitePath);
    await joinGeneral(source, "alice");
    await source.close();

    const targetPath = `${dir.path}/target.db`;
    const targetUrl = await scratchSchemaUrl(targetPath);
    const other = await startServer(targetPath);
    await joinGeneral(other, "zed");
    await other.close();

    const refused = await runInProcess(["--from", sqlitePath, "--to", targetUrl]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain("The target is not empty: it holds 1 account, 0 rooms and 1 message");
    expect(refused.stderr).toContain(`the account zed is not in ${sqlitePath}`);
    const target = await openTestDatabase(targetPath, "postgres");
    try {
      expect((await target.selectFrom("users").select("username").execute()).map((row) => row.username)).toEqual([
        "zed",
      ]);

      // Told to, it copies alongside: general takes the copied history and
      // its sequence counter, zed stays.
      const allowed = await runInProcess(["--from", sqlitePath, "--to", targetUrl, "--allow-non-empty-target"]);
      expect(allowed.code).toBe(1); // zed's "joined" holds general's seq 1, which alice's "joined" has too
      expect(allowed.stderr).toMatch(
        /Copying messages stopped: a row clashes with a different one already in the target/,
      );
    } finally {
      await target.destroy();
    }
  });

  it("copies a file from an older Parley through a migrated copy, leaving the file as it was", async () => {
    const sqlitePath = `${dir.path}/old.db`;
    const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(sqlitePath) }) });
    const beforeCounters = Object.fromEntries(
      Object.entries(migrationsFor(sqliteSteps)).filter(([name]) => name < "0006"),
    );
    await new Migrator({
      db: old,
      provider: { getMigrations: () => Promise.resolve(beforeCounters) },
    }).migrateToLatest();
    await sql`insert into users (id, username, username_key, password_hash, created_at)
              values ('u1', 'Ann', 'ann', 'x', 1), ('u2', 'Ben', 'ben', 'x', 2)`.execute(old);
    await sql`insert into room_messages (id, room_id, seq, kind, username, body, created_at, mentions)
              values ('m1', 'general', 1, 'user', 'Ann', 'hi @ben', 3, '["Ben"]'),
                     ('m2', 'general', 2, 'user', 'Ben', 'hi', 4, '[]')`.execute(old);
    await old.destroy();
    const hash = fileHash(sqlitePath);

    const targetPath = `${dir.path}/target.db`;
    const run = await runInProcess(["--from", sqlitePath, "--to", await scratchSchemaUrl(targetPath)]);
    expect(run.stderr).toContain("has an older schema (missing 0006-counters-and-mentions)");
    expect(run.code).toBe(0);
    expect(fileHash(sqlitePath)).toBe(hash);

    const target = await openTestDatabase(targetPath, "postgres");
    try {
      expect(await target.selectFrom("mentions").selectAll().execute()).toEqual([
        { message_id: "m1", user_id: "u2", position: 0 },
      ]);
      const general = await target
        .selectFrom("rooms")
        .select("last_seq")
        .where("id", "=", "general")
        .executeTakeFirst();
      expect(general).toEqual({ last_seq: 2 });
    } finally {
      await target.destroy();
    }
  });

  describe("tells the operator what is wrong, with an exit status per kind, and no stack trace", () => {
    it("a missing, foreign or newer source file", async () => {
      const url = "postgres://127.0.0.1:5432/test";
      const missing = await runInProcess(["--from", `${dir.path}/nowhere.db`, "--to", url]);
      expect(missing).toMatchObject({ code: 3, stderr: expect.stringContaining("No SQLite file at") });

      const notes = `${dir.path}/notes.txt`;
      writeFileSync(notes, "not a database at all, just some text that is long enough to be a page ".repeat(20));
      const foreign = await runInProcess(["--from", notes, "--to", url]);
      expect(foreign).toMatchObject({ code: 3, stderr: expect.stringContaining("is not a Parley database") });

      const newer = `${dir.path}/newer.db`;
      await (await openTestStore(newer, "sqlite")).close();
      const database = new SQLite(newer);
      database.prepare("insert into kysely_migration (name, timestamp) values ('9999-from-the-future', 'now')").run();
      database.close();
      const future = await runInProcess(["--from", newer, "--to", url]);
      expect(future).toMatchObject({ code: 3, stderr: expect.stringContaining("was written by a newer Parley") });
    });

    it("a PostgreSQL server that cannot be reached, without showing the password", SPAWNS, async () => {
      const sqlitePath = `${dir.path}/parley.db`;
      await (await openTestStore(sqlitePath, "sqlite")).close();
      // Nothing listens on port 1. The URL comes in DATABASE_URL, as the
      // README advises: pnpm echoes a command line, --to and all.
      const unreachable = await runCommand(["--from", sqlitePath], {
        DATABASE_URL: "postgres://parley:s3cret@127.0.0.1:1/parley",
      });
      expect(unreachable.code).toBe(4);
      expect(unreachable.stderr).toContain("Cannot reach PostgreSQL at postgres://parley:***@127.0.0.1:1/parley");
      expect(unreachable.stderr + unreachable.stdout).not.toContain("s3cret");
      expect(unreachable.stderr).not.toMatch(/ at .*\.ts:\d+/);
      const given = await runInProcess(["--from", sqlitePath, "--to", "postgres://parley:s3cret@127.0.0.1:1/parley"]);
      expect(given.code).toBe(4);
      expect(given.stderr + given.stdout).not.toContain("s3cret");

      const noDatabase = await runInProcess([
        "--from",
        sqlitePath,
        "--to",
        "postgres://127.0.0.1:5432/no_such_db_here",
      ]);
      expect(noDatabase).toMatchObject({ code: 4, stderr: expect.stringContaining("createdb no_such_db_here") });
    });

    it("wrong usage", async () => {
      for (const args of [
        [],
        ["--from", "data/parley.db"],
        ["--from", "data/parley.db", "--to", "mysql://root:s3cret@db/parley"],
        ["--from", "data/parley.db", "--to", "postgres://root:s3cret@db/parley", "--batch-size", "0"],
        ["--from", "data/parley.db", "--form", "x"],
        ["--from", "data/parley.db", "postgres://root:s3cret@db/parley"],
      ]) {
        const outcome = await runInProcess(args);
        expect(outcome.code, args.join(" ")).toBe(2);
        expect(outcome.stderr).toContain("Run with --help for usage.");
        expect(outcome.stderr).not.toContain("s3cret");
      }
      expect(await runInProcess(["--help"])).toMatchObject({
        code: 0,
        stdout: expect.stringContaining("--batch-size"),
      });
    });
  });
});
