import type { Kysely } from "kysely";

/**
 * What a system message says beyond its event, as JSON: the new channel's
 * name, a rename's old and new names, a new topic. Null for the events that
 * say nothing more (joined, left) and for user messages.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("room_messages").addColumn("detail", "text").execute();
}
