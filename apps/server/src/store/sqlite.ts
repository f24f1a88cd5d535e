import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "./schema.js";
import { createSqlStore, migrate } from "./sql-store.js";
import type { Store } from "./store.js";

/**
 * The embedded default: one SQLite file, migrated on open.
 *
 * WAL lets readers run beside the writer. The server acknowledges a message
 * once its commit returns, so `synchronous` decides what an ack promises. In
 * WAL mode:
 *
 * - OFF never syncs: a process crash loses nothing (the WAL is in the OS's
 *   page cache), but a power loss or OS crash may lose recent commits and can
 *   corrupt the database.
 * - NORMAL syncs only at checkpoints: a process crash loses nothing and the
 *   file stays consistent, but a power loss may roll back the last commits,
 *   i.e. messages already acknowledged.
 * - FULL syncs the WAL on every commit: an acknowledged commit survives a
 *   process crash and a power loss (as far as the disk honours fsync).
 * - EXTRA adds a sync of the directory, which only matters in rollback-journal
 *   modes (a deleted journal); in WAL mode it buys nothing over FULL.
 *
 * FULL, because "acknowledged" must mean "kept" (issue 5: nothing lost), and
 * one fsync per message is cheap at chat rates.
 */
export async function createSqliteStore(path: string): Promise<Store> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = FULL");
  database.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createSqlStore(db);
}
