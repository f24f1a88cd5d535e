import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { withoutPassword } from "../config.js";
import { withDefaultUser } from "../store/postgres/default-user.js";
import { postgresDialect } from "../store/postgres/postgres-dialect.js";
import { isUnreachable } from "../store/postgres/unreachable.js";
import type { Database } from "../store/schema.js";
import { migrate } from "../store/sql-store.js";
import { ExitCode, MigrateDataError, describeError } from "./errors.js";

export interface Target {
  db: Kysely<Database>;
  /** The URL as it may be shown: password starred. */
  shownUrl: string;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The PostgreSQL database, migrated to the latest schema exactly as a
 * server starting on it would (Kysely's tables in the schema its search_path
 * picks, so a URL with `options=-c search_path=…` works alike).
 */
export async function openTarget(url: string): Promise<Target> {
  const shownUrl = withoutPassword(url) ?? url;
  // One connection: the copy is one batch after another.
  const pool = new pg.Pool({
    connectionString: withDefaultUser(url),
    max: 1,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // A connection that breaks while idle fails the next query, which says so;
  // it must not end the process on its own.
  pool.on("error", () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    const schema = rows[0]?.schema;
    if (!schema) {
      throw new MigrateDataError(
        `${shownUrl}: its search_path names no schema that exists. Create the schema first, or fix the URL.`,
        ExitCode.target,
      );
    }
    try {
      await migrate(db, postgresDialect, schema);
    } catch (error) {
      throw isUnreachable(rootCause(error)) ? rootCause(error) : error;
    }
  } catch (error) {
    await db.destroy();
    throw targetError(error, shownUrl);
  }
  return { db, shownUrl, close: () => db.destroy() };
}

/** What went wrong with the target, told so that the operator knows what to fix. */
export function targetError(error: unknown, shownUrl: string): MigrateDataError {
  if (error instanceof MigrateDataError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (isUnreachable(error)) {
    return new MigrateDataError(
      `Cannot reach PostgreSQL at ${shownUrl}: ${message || String(code)}. Is it running, and are the host and port right?`,
      ExitCode.target,
      { cause: error },
    );
  }
  // SQLSTATE 28: the server would not let this user in; 3D000: no such database.
  if (typeof code === "string" && code.startsWith("28")) {
    return new MigrateDataError(`PostgreSQL at ${shownUrl} refused the sign-in: ${message}.`, ExitCode.target, {
      cause: error,
    });
  }
  if (code === "3D000") {
    return new MigrateDataError(
      `${message} (at ${shownUrl}). Create it first, e.g. createdb ${new URL(shownUrl).pathname.slice(1)}.`,
      ExitCode.target,
      { cause: error },
    );
  }
  return new MigrateDataError(`Could not prepare ${shownUrl} for Parley: ${describeError(error)}`, ExitCode.target, {
    cause: error,
  });
}

function rootCause(error: unknown): unknown {
  let current = error;
  while (current instanceof Error && current.cause !== undefined) current = current.cause;
  return current;
}
