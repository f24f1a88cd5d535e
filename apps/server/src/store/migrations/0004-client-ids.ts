import type { Kysely } from "kysely";

/**
 * The sender's id for each message (see MessageSendPayload), unique per
 * author: a retried send finds the message it already stored instead of
 * storing it twice, even when the retry races the original. System messages
 * and messages stored before this migration have none; SQLite and PostgreSQL
 * both let any number of nulls share a unique index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("room_messages").addColumn("client_id", "text").execute();
  await db.schema
    .createIndex("room_messages_author_client_id")
    .on("room_messages")
    .columns(["username", "client_id"])
    .unique()
    .execute();
}
