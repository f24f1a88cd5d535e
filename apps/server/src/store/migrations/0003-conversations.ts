import { sql, type Kysely } from "kysely";
import type { MigrationSteps } from "./steps.js";

/**
 * Channels and direct conversations with members and read markers; threads,
 * edits, deletions, mentions and reactions on messages; full-text search.
 *
 * The search index is each engine's own (see MigrationSteps).
 */
export async function up(db: Kysely<unknown>, steps: MigrationSteps): Promise<void> {
  await db.schema
    .createTable("rooms")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("topic", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("visibility", "text", (col) => col.notNull())
    .addColumn("owner_id", "text", (col) => col.references("users.id").onDelete("set null"))
    // Channel names are unique whatever their case; a direct conversation is
    // unique for its set of members. Each is null for the other kind.
    .addColumn("name_key", "text", (col) => col.unique())
    .addColumn("dm_key", "text", (col) => col.unique())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("room_members")
    .addColumn("room_id", "text", (col) => col.notNull().references("rooms.id").onDelete("cascade"))
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("joined_at", "bigint", (col) => col.notNull())
    .addColumn("last_read_seq", "integer", (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("room_members_pk", ["room_id", "user_id"])
    .execute();
  await db.schema.createIndex("room_members_user").on("room_members").column("user_id").execute();

  await db.schema.alterTable("room_messages").addColumn("thread_id", "text").execute();
  await db.schema
    .alterTable("room_messages")
    .addColumn("reply_count", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("room_messages").addColumn("edited_at", "bigint").execute();
  await db.schema.alterTable("room_messages").addColumn("deleted_at", "bigint").execute();
  /** The @mentioned usernames, a JSON array. */
  await db.schema
    .alterTable("room_messages")
    .addColumn("mentions", "text", (col) => col.notNull().defaultTo("[]"))
    .execute();
  await db.schema.createIndex("room_messages_thread").on("room_messages").columns(["thread_id", "seq"]).execute();

  await db.schema
    .createTable("reactions")
    .addColumn("message_id", "text", (col) => col.notNull().references("room_messages.id").onDelete("cascade"))
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("emoji", "text", (col) => col.notNull())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .addPrimaryKeyConstraint("reactions_pk", ["message_id", "user_id", "emoji"])
    .execute();

  // `general` exists from the start; everyone already signed up belongs to it.
  const now = Date.now();
  await sql`insert into rooms (id, kind, name, topic, visibility, owner_id, name_key, dm_key, created_at)
            values ('general', 'channel', 'general', 'Everyone is here.', 'public', null, 'general', null, ${now})`.execute(
    db,
  );
  await sql`insert into room_members (room_id, user_id, joined_at, last_read_seq)
            select 'general', id, ${now}, 0 from users`.execute(db);

  await steps.numberReactions(db);
  // The search index over user messages' text.
  await steps.createSearchIndex(db);
}
