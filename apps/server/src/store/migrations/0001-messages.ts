import type { Kysely } from "kysely";

// Migrations take Kysely<unknown>: they must not depend on today's schema type.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("room_messages")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("room_id", "text", (col) => col.notNull())
    .addColumn("seq", "integer", (col) => col.notNull())
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("username", "text", (col) => col.notNull())
    .addColumn("body", "text", (col) => col.notNull())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .addUniqueConstraint("room_messages_room_seq", ["room_id", "seq"])
    .execute();

  await db.schema
    .createTable("private_messages")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("sender", "text", (col) => col.notNull())
    .addColumn("recipient", "text", (col) => col.notNull())
    .addColumn("body", "text", (col) => col.notNull())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .execute();
}
