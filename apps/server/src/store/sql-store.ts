import type { Kysely } from "kysely";
import { Migrator } from "kysely/migration";
import { migrations } from "./migrations/index.js";
import type { Database } from "./schema.js";
import { sqlAccountStore } from "./sql-accounts.js";
import { sqlMessageStore } from "./sql-messages.js";
import { sqlRoomStore } from "./sql-rooms.js";
import type { Store } from "./store.js";

/** Brings the database to the latest schema; a failed migration stops start-up. */
export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw new Error("The database migration failed", { cause: error });
}

/**
 * The Store over any Kysely database. The dialect-specific part (opening the
 * connection, pragmas) lives in the file that creates the Kysely instance.
 */
export function createSqlStore(db: Kysely<Database>): Store {
  const { appendsSettled, ...messages } = sqlMessageStore(db);
  return {
    ...messages,
    ...sqlRoomStore(db),
    ...sqlAccountStore(db),
    async ping() {
      await db.selectFrom("room_messages").select("id").limit(1).execute();
    },
    async close() {
      // Queued appends were promised a commit: write them before the connection goes.
      await appendsSettled();
      await db.destroy();
    },
  };
}
