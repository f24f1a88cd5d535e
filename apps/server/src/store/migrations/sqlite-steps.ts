import { sql } from "kysely";
import type { MigrationSteps } from "./steps.js";

export const sqliteSteps: MigrationSteps = {
  async createSearchIndex(db) {
    // FTS5, over user messages only (system messages have no text), folding
    // case and accents; triggers keep it in step with the table.
    await sql`create virtual table messages_fts using fts5(body, content='room_messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`.execute(
      db,
    );
    await sql`insert into messages_fts (rowid, body) select rowid, body from room_messages where kind = 'user'`.execute(
      db,
    );
    await sql`create trigger room_messages_fts_insert after insert on room_messages when new.kind = 'user' begin
                insert into messages_fts (rowid, body) values (new.rowid, new.body);
              end`.execute(db);
    await sql`create trigger room_messages_fts_update after update of body on room_messages when new.kind = 'user' begin
                insert into messages_fts (messages_fts, rowid, body) values ('delete', old.rowid, old.body);
                insert into messages_fts (rowid, body) values (new.rowid, new.body);
              end`.execute(db);
  },

  async numberReactions() {
    // Every SQLite table has a rowid, in insertion order.
  },

  async copyMentions(db) {
    await sql`insert or ignore into mentions (message_id, user_id, position)
              select m.id, u.id, j.key
              from room_messages m, json_each(m.mentions) j
              join users u on u.username_key = lower(j.value)`.execute(db);
  },
};
