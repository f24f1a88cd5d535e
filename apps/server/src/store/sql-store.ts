import type { Kysely } from "kysely";
import { Migrator } from "kysely/migration";
import type { Dialect } from "./dialect.js";
import { migrationsFor } from "./migrations/index.js";
import type { Database } from "./schema.js";
import { sqlAccounts } from "./sql-accounts.js";
import { sqlAppends, type SqlAppendsOptions } from "./sql-appends.js";
import { sqlMessages } from "./sql-messages.js";
import { sqlReadState } from "./sql-read-state.js";
import { sqlRooms } from "./sql-rooms.js";
import type { Store } from "./store.js";

/**
 * Brings the database to the latest schema (Kysely's bookkeeping tables in
 * `schema`, where the engine has schemas); a failed migration stops start-up.
 * Nodes starting together take turns: Kysely's migrator holds a lock (an
 * advisory lock on PostgreSQL) while it migrates.
 */
export async function migrate(db: Kysely<Database>, dialect: Dialect, schema?: string): Promise<void> {
  const migrations = migrationsFor(dialect.migrationSteps);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    // Kysely looks for its own tables in every schema unless told which.
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw new Error("The database migration failed", { cause: error });
}

/**
 * The Store over either engine's Kysely database. Opening the connection
 * (pragmas, pools) is the engine's own file; what its SQL does differently
 * is its Dialect.
 */
export function createSqlStore(db: Kysely<Database>, dialect: Dialect, options: SqlAppendsOptions = {}): Store {
  const { appendsSettled, ...appends } = sqlAppends(db, options);
  return {
    ...appends,
    ...sqlMessages(db, dialect),
    ...sqlRooms(db, dialect),
    ...sqlReadState(db),
    ...sqlAccounts(db),
    async ping() {
      await db.selectFrom("rooms").select("id").limit(1).execute();
    },
    async close() {
      // Queued appends were promised a commit: write them before the connection goes.
      await appendsSettled();
      await db.destroy();
    },
  };
}
