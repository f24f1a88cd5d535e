import { sql } from "kysely";
import type { MigrationSteps } from "./steps.js";

export const postgresSteps: MigrationSteps = {
  async createSearchIndex(db) {
    // A generated tsvector under a GIN index. The 'simple' configuration folds
    // case and does not stem, like SQLite's index; unlike it, it keeps accents.
    await sql`alter table room_messages add column search_vector tsvector
              generated always as (to_tsvector('simple', case when kind = 'user' then body else '' end)) stored`.execute(
      db,
    );
    await sql`create index room_messages_search on room_messages using gin (search_vector)`.execute(db);
  },

  async numberReactions(db) {
    // The column SQLite has by itself, so that both order reactions alike.
    await sql`alter table reactions add column rowid bigint generated always as identity`.execute(db);
  },

  async copyMentions(db) {
    await sql`insert into mentions (message_id, user_id, position)
              select m.id, u.id, j.position - 1
              from room_messages m
              cross join lateral jsonb_array_elements_text(m.mentions::jsonb) with ordinality as j(name, position)
              join users u on u.username_key = lower(j.name)
              on conflict do nothing`.execute(db);
  },
};
