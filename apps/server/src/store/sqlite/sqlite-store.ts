import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, type SqliteDatabase } from "kysely";
import { startCheckpointer } from "./checkpointer.js";
import type { Database } from "../schema.js";
import { createSqlStore, migrate } from "../sql-store.js";
import type { Store } from "../store.js";
import { sqliteDialect } from "./sqlite-dialect.js";
import { openWalSync, type SyncFile, type WalSync } from "./wal-sync.js";

export interface SqliteStoreOptions {
  /** How the WAL is fsynced (tests hold it). */
  syncFile?: SyncFile;
  /** How often the checkpoint thread copies the WAL into the database file. */
  checkpointEveryMs?: number;
  /** How long the WAL may grow before appends wait for a checkpoint to catch up (see checkpointer.ts). */
  walCatchUpBytes?: number;
}

/** Often enough that each checkpoint has a few megabytes to copy under load. */
const CHECKPOINT_EVERY_MS = 1000;
/** Past this, appends wait for the checkpoint to catch up, so the WAL starts over (see checkpointer.ts). */
const WAL_CATCH_UP_BYTES = 32 * 2 ** 20;
/** SQLite's page cache for the server's connection, in KiB: memory is cheaper than a stalled event loop. */
const CACHE_KIB = 64 * 1024;
/** What a WAL file is cut back to when it starts over. */
const WAL_KEEP_BYTES = 32 * 2 ** 20;

/**
 * The embedded default: one SQLite file, migrated on open.
 *
 * WAL lets readers run beside the writer. The server acknowledges a write
 * once it is committed and on disk, so how the WAL reaches the disk decides
 * what an ack promises. SQLite's `synchronous` levels, in WAL mode:
 *
 * - OFF never syncs: a power loss or OS crash may lose recent commits and can
 *   corrupt the database.
 * - NORMAL syncs only at checkpoints: a process crash loses nothing and the
 *   file stays consistent, but a power loss may roll back the last commits.
 * - FULL syncs the WAL inside every COMMIT: an acknowledged commit survives a
 *   power loss (as far as the disk honours fsync). But better-sqlite3 runs
 *   COMMIT on the event loop, so every fsync stalls all traffic.
 *
 * Parley commits with NORMAL and syncs the WAL itself, off the event loop,
 * before any store call answers (wal-sync.ts): FULL's promise without its
 * stall, and concurrent writes share one fsync.
 */
export async function createSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<Store> {
  const inMemory = path === ":memory:";
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("busy_timeout = 5000");
  // better-sqlite3 reads on the event loop: a page SQLite does not hold is a
  // read from the file, which stalls every connection while it waits. The
  // default cache (2 MB) holds little of a grown database's indexes, which
  // every send reads (the clientId lookup, the inserts); this one holds them.
  database.pragma(`cache_size = -${CACHE_KIB}`);
  // Checkpoints run on their own thread (checkpointer.ts), never inside a COMMIT here.
  if (!inMemory) database.pragma("wal_autocheckpoint = 0");
  // When the WAL starts over, a file that a burst grew is cut back.
  if (!inMemory) database.pragma(`journal_size_limit = ${WAL_KEEP_BYTES}`);
  let wal: WalSync | undefined;
  const statements = withStatementCache(database, () => wal?.written());
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) });
  try {
    await migrate(db, sqliteDialect);
    if (!inMemory) {
      wal = await openWalSync(`${path}-wal`, options.syncFile);
      // The migration's writes (made before there was a WAL sync to tell) are
      // synced with the first answer, like any others.
      wal.written();
    }
  } catch (error) {
    await db.destroy();
    throw error;
  }
  if (!wal) return createSqlStore(db, sqliteDialect);
  const checkpointer = await startCheckpointer(
    path,
    options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS,
    options.walCatchUpBytes ?? WAL_CATCH_UP_BYTES,
  );
  const store = createSqlStore(db, sqliteDialect, { beforeAppends: () => checkpointer.caughtUp() });
  return syncedBeforeAnswering(
    {
      ...store,
      async close() {
        await checkpointer.stop();
        await store.close();
      },
    },
    wal,
  );
}

/**
 * Every store call answers only once what was written so far is on disk. A
 * call that wrote nothing, with nothing else unsynced, answers at once; a
 * read waits too if it could see someone's unsynced write, so nothing
 * reaches a client that a power loss could take back.
 */
function syncedBeforeAnswering(store: Store, wal: WalSync): Store {
  // Every member of a Store is a method returning a promise.
  const methods = Object.entries(store) as [string, (...args: unknown[]) => Promise<unknown>][];
  const synced = methods.map(([name, method]) => [
    name,
    async (...args: unknown[]) => {
      const answer = await method(...args);
      await wal.sync();
      return answer;
    },
  ]);
  return {
    ...(Object.fromEntries(synced) as unknown as Store),
    async close() {
      await store.close();
      await wal.close();
    },
  };
}

/** Enough for every query Parley runs again and again; the rest (long IN lists) come and go. */
const CACHED_STATEMENTS = 256;

/**
 * Kysely's SQLite driver prepares (compiles) every query it runs. The same
 * few queries run for every message, so the compiled statements are kept,
 * least recently used out first, and each one that writes is reported so
 * that the WAL gets synced. Reusing one is safe: the driver runs one
 * query at a time on its one connection, each to completion.
 */
function withStatementCache(database: SQLite.Database, onWrite: () => void): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement) statements.delete(sql);
      else statement = database.prepare(sql);
      statements.set(sql, statement);
      // Kysely prepares each statement just before it runs it.
      if (!statement.readonly) onWrite();
      if (statements.size > CACHED_STATEMENTS) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}
