import { sql, type Kysely } from "kysely";
import type { MigrationSteps } from "./steps.js";

/**
 * Ready for many writers: each room counts its own messages, and mentions get
 * a table of their own.
 *
 * - `rooms.last_seq` hands out sequence numbers. `max(seq) + 1` is right only
 *   with one writer: two nodes would take the same number.
 * - `mentions` replaces the JSON list in `room_messages.mentions`: unread
 *   mention counts become an indexed lookup rather than JSON read row by row.
 * - `private_messages`, unused since direct conversations replaced it, goes.
 */
export async function up(db: Kysely<unknown>, steps: MigrationSteps): Promise<void> {
  await db.schema
    .alterTable("rooms")
    .addColumn("last_seq", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  await sql`update rooms set last_seq = coalesce((select max(seq) from room_messages where room_id = rooms.id), 0)`.execute(
    db,
  );

  await db.schema
    .createTable("mentions")
    .addColumn("message_id", "text", (col) => col.notNull().references("room_messages.id").onDelete("cascade"))
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("position", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("mentions_pk", ["message_id", "user_id"])
    .execute();
  await db.schema.createIndex("mentions_user").on("mentions").column("user_id").execute();
  await steps.copyMentions(db);
  await db.schema.alterTable("room_messages").dropColumn("mentions").execute();

  await db.schema.dropTable("private_messages").execute();
}
