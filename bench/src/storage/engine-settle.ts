import { statSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { ParleyDatabase } from "../scenarios/context.ts";

/**
 * SQLite's checkpoint thread copies the WAL into the database file once a
 * second (apps/server/src/store/sqlite/checkpointer.ts): waiting a little
 * longer lets it copy what the window wrote.
 */
const SQLITE_CHECKPOINT_WAIT_MS = 2500;

/**
 * Brings the database's files up to date with what was committed, so that a
 * window's bytes include writing its pages into the data files, not only its
 * log: SQLite's next checkpoint; PostgreSQL's CHECKPOINT (which flushes every
 * database of the cluster: run before the window too, so others' dirty pages
 * are not counted).
 */
export async function settle(database: ParleyDatabase): Promise<void> {
  if (database.postgres) await database.postgres.query("checkpoint");
  else await sleep(SQLITE_CHECKPOINT_WAIT_MS);
}

/** What the database takes on disk: SQLite's file and WAL, or PostgreSQL's pg_database_size. */
export async function databaseBytes(database: ParleyDatabase): Promise<number> {
  if (database.postgres) {
    const [row] = await database.postgres.query<{ bytes: string }>(
      "select pg_database_size(current_database()) as bytes",
    );
    return Number(row?.bytes ?? 0);
  }
  const size = (path: string) => statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  return size(database.sqlitePath!) + size(`${database.sqlitePath!}-wal`);
}
