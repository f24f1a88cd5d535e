import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { migrationsFor } from "../store/migrations/index.js";
import type { Database } from "../store/schema.js";
import { migrate } from "../store/sql-store.js";
import { sqliteDialect } from "../store/sqlite/sqlite-dialect.js";
import { ExitCode, MigrateDataError } from "./errors.js";

export interface Source {
  db: Kysely<Database>;
  /** What the operator should know about how the file is read, if anything. */
  note: string | undefined;
  close(): Promise<void>;
}

/**
 * The SQLite file, opened read-only: the copy never changes what it copies
 * from. A file from an older Parley is brought to the latest schema in a
 * temporary copy (SQLite's online backup), which is read instead and
 * removed at the end.
 */
export async function openSource(path: string): Promise<Source> {
  const database = openReadOnly(path);
  let pending: string[];
  try {
    pending = pendingMigrations(database, path);
  } catch (error) {
    database.close();
    throw error;
  }
  if (pending.length === 0) {
    const db = kysely(database);
    return { db, note: undefined, close: () => db.destroy() };
  }

  const folder = mkdtempSync(join(tmpdir(), "parley-migrate-data-"));
  const removeFolder = () => rmSync(folder, { recursive: true, force: true });
  const copyPath = join(folder, "parley.db");
  let db: Kysely<Database> | undefined;
  try {
    await database.backup(copyPath);
    db = kysely(new SQLite(copyPath));
    await migrate(db, sqliteDialect);
  } catch (error) {
    await db?.destroy();
    removeFolder();
    throw new MigrateDataError(
      `Could not bring a copy of ${path} to the current schema: ${error instanceof Error ? error.message : String(error)}`,
      ExitCode.source,
      { cause: error },
    );
  } finally {
    database.close();
  }
  const migrated = db;
  return {
    db: migrated,
    note: `${path} has an older schema (missing ${pending.join(", ")}): reading a migrated copy of it; the file itself is unchanged.`,
    async close() {
      await migrated.destroy();
      removeFolder();
    },
  };
}

function openReadOnly(path: string): SQLite.Database {
  let isFile;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new MigrateDataError(`No SQLite file at ${path} (looked for ${resolve(path)}).`, ExitCode.source);
  }
  if (!isFile) throw new MigrateDataError(`${path} is not a file.`, ExitCode.source);
  try {
    return new SQLite(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new MigrateDataError(`Cannot open ${path}: ${(error as Error).message}`, ExitCode.source, { cause: error });
  }
}

/**
 * The migrations this Parley has that the file lacks (Kysely records the
 * ones it ran in kysely_migration). A file that has none, or has one this
 * Parley does not know, is refused.
 */
function pendingMigrations(database: SQLite.Database, path: string): string[] {
  let applied: string[];
  try {
    const table = database
      .prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'")
      .get();
    if (table === undefined) throw notParley(path, "it has no Parley schema");
    applied = database
      .prepare("select name from kysely_migration order by name")
      .pluck()
      .all()
      .map((name) => String(name));
  } catch (error) {
    if (error instanceof MigrateDataError) throw error;
    // SQLITE_NOTADB and friends: whatever it is, it is not a database Parley wrote.
    throw notParley(path, (error as Error).message);
  }
  const known = Object.keys(migrationsFor(sqliteDialect.migrationSteps));
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new MigrateDataError(
      `${path} was written by a newer Parley (it has migration ${unknown.join(", ")}, which this checkout does not know). ` +
        "Update this checkout (git pull, pnpm install) and run the command again.",
      ExitCode.source,
    );
  }
  return known.filter((name) => !applied.includes(name));
}

function notParley(path: string, why: string): MigrateDataError {
  return new MigrateDataError(`${path} is not a Parley database: ${why}.`, ExitCode.source);
}

function kysely(database: SQLite.Database): Kysely<Database> {
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}
