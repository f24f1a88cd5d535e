import { sql } from "kysely";
import type { Dialect } from "../dialect.js";
import { likePattern } from "../dialect.js";
import type { MessageRow } from "../message-rows.js";
import { sqliteSteps } from "../migrations/sqlite-steps.js";
import { MATCH_END, MATCH_START } from "../search-text.js";
import { matchExpression } from "./fts-query.js";

export const sqliteDialect: Dialect = {
  engine: "sqlite",

  async search(db, { userId, query, roomId, limit }) {
    const match = matchExpression(query);
    if (match === null) return [];
    const { rows } = await sql<MessageRow & { marked: string }>`
      select m.id, m.room_id, m.seq, m.kind, m.username, m.body, m.created_at, m.thread_id, m.reply_count,
             m.edited_at, m.deleted_at, m.client_id, m.detail,
             highlight(messages_fts, 0, ${MATCH_START}, ${MATCH_END}) as marked
      from messages_fts
      join room_messages m on m.rowid = messages_fts.rowid
      join room_members on room_members.room_id = m.room_id and room_members.user_id = ${userId}
      where messages_fts match ${match}
        and m.kind = 'user'
        and m.deleted_at is null
        ${roomId === undefined ? sql`` : sql`and m.room_id = ${roomId}`}
      order by messages_fts.rank, m.created_at desc
      limit ${limit}`.execute(db);
    return rows;
  },

  // SQLite's LIKE folds ASCII letters' case by itself.
  containsIgnoringCase: (text, fragment) => sql<boolean>`${text} like ${likePattern(fragment)} escape '\\'`,

  // better-sqlite3's extended result code.
  isUniqueViolation: (error) =>
    error instanceof Error && (error as { code?: unknown }).code === "SQLITE_CONSTRAINT_UNIQUE",

  migrationSteps: sqliteSteps,
};
