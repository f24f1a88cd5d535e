import { randomUUID } from "node:crypto";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { Migrator } from "kysely/migration";
import { describe, expect, it, onTestFinished } from "vitest";
import { migrationsFor } from "../../src/store/migrations/index.js";
import { postgresSteps } from "../../src/store/migrations/postgres-steps.js";
import { sqliteSteps } from "../../src/store/migrations/sqlite-steps.js";
import { scratchDir } from "../harness.js";
import { openTestDatabase, openTestStore, type Engine } from "../test-database.js";
import { ENGINES, say } from "./store-fixture.js";

// A database the previous release wrote (schema 0005: mentions as JSON in
// room_messages, the unused private_messages table, sequence numbers taken
// as max(seq) + 1) opened by this release, which migrates it on open.

const PREVIOUS = "0005-system-details";

/** A database at schema 0005, as the previous release left it after migrating. */
async function previousRelease(engine: Engine, path: string): Promise<Kysely<unknown>> {
  const migrations = migrationsFor(engine === "sqlite" ? sqliteSteps : postgresSteps);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Migrator takes any schema
  let db: Kysely<any>;
  let migrationTableSchema: string | undefined;
  if (engine === "sqlite") {
    db = new Kysely({ dialect: new SqliteDialect({ database: new SQLite(path) }) });
  } else {
    db = await openTestDatabase(path, engine);
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = rows[0]!.schema;
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });
  const { error } = await migrator.migrateTo(PREVIOUS);
  if (error) throw new Error("Could not build the previous release's schema", { cause: error });
  return db;
}

describe.each(ENGINES)("opening a database of the previous release on %s", (engine) => {
  it("counts each room from its newest message, moves mentions to their table, and drops what went", async () => {
    const dir = scratchDir();
    onTestFinished(() => dir.cleanup());
    const path = `${dir.path}/parley.db`;
    const old = await previousRelease(engine, path);
    const alice = randomUUID();
    const bob = randomUUID();
    const carol = randomUUID();
    const message = (room: string, seq: number, author: string, body: string, mentions: string[] = []) => ({
      id: randomUUID(),
      room,
      seq,
      author,
      body,
      mentions: JSON.stringify(mentions),
    });
    const messages = [
      message("general", 1, "alice", "before client ids"),
      message("general", 2, "alice", "hi @Bob and @carol and @nobody", ["carol", "Bob", "nobody"]),
      message("general", 3, "carol", "@bob look", ["bob"]),
      message("general", 4, "Bob", "@alice thanks", ["alice"]),
      message("design", 1, "alice", "first in design"),
      message("design", 2, "alice", "@bob see design", ["bob"]),
    ];
    // As the previous release wrote its rows.
    await sql`insert into users (id, username, username_key, password_hash, created_at) values
      (${alice}, 'alice', 'alice', 'h', 1), (${bob}, 'Bob', 'bob', 'h', 1), (${carol}, 'carol', 'carol', 'h', 1)`.execute(
      old,
    );
    await sql`insert into rooms (id, kind, name, topic, visibility, owner_id, name_key, dm_key, created_at) values
      ('design', 'channel', 'design', '', 'public', ${alice}, 'design', null, 1),
      ('quiet', 'channel', 'quiet', '', 'public', ${alice}, 'quiet', null, 1)`.execute(old);
    await sql`insert into room_members (room_id, user_id, joined_at, last_read_seq) values
      ('general', ${alice}, 1, 0), ('general', ${bob}, 1, 1), ('general', ${carol}, 1, 0),
      ('design', ${alice}, 1, 0), ('design', ${bob}, 1, 0), ('quiet', ${alice}, 1, 0)`.execute(old);
    for (const m of messages) {
      await sql`insert into room_messages (id, room_id, seq, kind, username, body, created_at, mentions, client_id)
                values (${m.id}, ${m.room}, ${m.seq}, 'user', ${m.author}, ${m.body}, 1, ${m.mentions},
                        ${m.seq === 1 ? null : randomUUID()})`.execute(old);
    }
    await sql`insert into room_messages (id, room_id, seq, kind, username, body, created_at, detail)
              values (${randomUUID()}, 'design', 3, 'system', 'alice', 'topic_changed', 1, '{"topic":"Pixels"}')`.execute(
      old,
    );
    await sql`insert into reactions (message_id, user_id, emoji, created_at) values (${messages[1]!.id}, ${bob}, '👍', 1)`.execute(
      old,
    );
    await sql`insert into private_messages (id, sender, recipient, body, created_at) values ('p1', 'alice', 'Bob', 'psst', 1)`.execute(
      old,
    );
    await old.destroy();

    const store = await openTestStore(path, engine);
    onTestFinished(() => store.close());
    const db = await openTestDatabase(path, engine);
    onTestFinished(() => db.destroy());

    const counters = await db.selectFrom("rooms").select(["id", "last_seq"]).orderBy("id").execute();
    expect(counters.map((room) => [room.id, Number(room.last_seq)])).toEqual([
      ["design", 3],
      ["general", 4],
      ["quiet", 0],
    ]);
    // Mentions in the order the text named them, as the accounts spell them; a name that is no account left out.
    expect(await store.findMessage(messages[1]!.id)).toMatchObject({
      mentions: ["carol", "Bob"],
      reactions: [{ emoji: "👍", users: ["Bob"] }],
    });
    expect(await store.findMessage(messages[0]!.id)).toMatchObject({ clientId: null, mentions: [] });
    const moved = await db
      .selectFrom("mentions")
      .select(["message_id", "user_id", "position"])
      .orderBy("position")
      .execute();
    expect(moved.filter((row) => row.message_id === messages[1]!.id).map((row) => row.user_id)).toEqual([carol, bob]);
    expect(moved).toHaveLength(5);
    await expect(sql`select mentions from room_messages`.execute(db)).rejects.toThrow();
    await expect(sql`select id from private_messages`.execute(db)).rejects.toThrow();

    // Unread mentions come from the table now: Bob had read general up to 1.
    const bobUser = { id: bob, username: "Bob" };
    expect((await store.summaryOf("general", bobUser)).read).toEqual({
      roomId: "general",
      lastReadSeq: 1,
      unread: 2,
      mentions: 2,
    });
    expect((await store.summaryOf("design", bobUser)).read).toEqual({
      roomId: "design",
      lastReadSeq: 0,
      unread: 2,
      mentions: 1,
    });
    // The next message takes the next number, and old messages are still found.
    expect(await say(store, "general", { id: alice, username: "alice" }, "after the upgrade")).toMatchObject({
      seq: 5,
    });
    expect(await say(store, "quiet", { id: alice, username: "alice" }, "first in quiet")).toMatchObject({ seq: 1 });
    expect((await store.search(alice, "design", undefined, 10)).map((hit) => hit.message.text).sort()).toEqual([
      "@bob see design",
      "first in design",
    ]);
  });
});
