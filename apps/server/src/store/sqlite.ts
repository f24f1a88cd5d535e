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
 * WAL lets readers run beside the writer. synchronous=FULL syncs the WAL on
 * every commit, so an acknowledged message survives a power loss as well as a
 * process crash (NORMAL would survive the crash but may lose the last commits
 * on power loss).
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
