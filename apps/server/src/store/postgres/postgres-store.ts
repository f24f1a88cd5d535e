import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Database } from "../schema.js";
import { createSqlStore, migrate } from "../sql-store.js";
import { StoreUnavailable, type Store } from "../store.js";
import { postgresDialect } from "./postgres-dialect.js";
import { withDefaultUser } from "./default-user.js";
import { isUnreachable } from "./unreachable.js";

export interface PostgresStoreConfig {
  url: string;
  poolSize: number;
  /** Told when an idle connection breaks; the pool opens another when next needed. */
  onConnectionError?: ((error: Error) => void) | undefined;
}

/** How long a request waits for a connection before it is answered `unavailable`. */
const CONNECT_TIMEOUT_MS = 5_000;

const INT8_OID = 20;

/**
 * node-postgres hands 64-bit integers (bigint columns such as created_at, and
 * every count) back as strings, since they may not fit a JavaScript number.
 * Parley's fit (milliseconds since 1970, counts of rows), so they are read
 * as numbers; every other type parses as node-postgres does.
 */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary"): (value: string) => unknown {
    if (oid === INT8_OID && format !== "binary") return Number;
    return pg.types.getTypeParser(oid, format ?? "text") as (value: string) => unknown;
  },
};

/**
 * PostgreSQL, for many nodes: each node has a pool of `poolSize` connections.
 * A COMMIT returns once PostgreSQL has made the transaction durable (its
 * synchronous_commit, on by default), so an acknowledged message is on disk.
 */
export async function createPostgresStore(config: PostgresStoreConfig): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: withDefaultUser(config.url),
    max: config.poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    types,
  });
  // An idle connection that breaks (PostgreSQL restarted) must not take the
  // process down: the pool drops it and opens another when one is needed.
  pool.on("error", (error) => config.onConnectionError?.(error));
  // Nor may one that breaks while checked out: node-postgres emits "error" on
  // the client then too, even with a query under way (which fails with the
  // same error), and the pool listens only to idle clients. Unheard, that
  // event would end the process. The pool drops the client when Kysely
  // releases it, as it is no longer queryable.
  pool.on("connect", (client) => client.on("error", ignoreBrokenConnection));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    // The schema the URL's search_path (or the server's default) picks.
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    await migrate(db, postgresDialect, rows[0]?.schema);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return unavailableWhenUnreachable(createSqlStore(db, postgresDialect));
}

/** What a checked-out client's "error" needs: the query it broke reports it (see above). */
function ignoreBrokenConnection(): void {}

/**
 * Every store call that fails because PostgreSQL cannot be reached (down,
 * restarting, out of connections) rejects with StoreUnavailable, which the
 * server answers `unavailable`: try again later, nothing is wrong with the
 * request.
 */
function unavailableWhenUnreachable(store: Store): Store {
  // Every member of a Store is a method returning a promise.
  const methods = Object.entries(store) as [string, (...args: unknown[]) => Promise<unknown>][];
  return Object.fromEntries(
    methods.map(([name, method]) => [
      name,
      async (...args: unknown[]) => {
        try {
          return await method(...args);
        } catch (error) {
          throw isUnreachable(error) ? new StoreUnavailable({ cause: error }) : error;
        }
      },
    ]),
  ) as unknown as Store;
}
