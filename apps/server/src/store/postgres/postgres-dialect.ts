import { sql } from "kysely";
import type { Dialect } from "../dialect.js";
import { likePattern } from "../dialect.js";
import type { MessageRow } from "../message-rows.js";
import { postgresSteps } from "../migrations/postgres-steps.js";
import { MATCH_END, MATCH_START, queryWords } from "../search-text.js";

/** ts_headline marks every match in the whole text, with the markers the store cuts parts at. */
const HEADLINE_OPTIONS = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, HighlightAll=true`;

export const postgresDialect: Dialect = {
  engine: "postgres",

  async search(db, { userId, query, roomId, limit }) {
    const words = queryWords(query);
    const last = words.pop();
    if (last === undefined) return [];
    // Every word but the last as a quoted phrase for websearch_to_tsquery,
    // which never fails on odd input and reads nothing inside quotes as an
    // operator; the last as a prefix, quoted as a lexeme for to_tsquery.
    const phrases = words.map((word) => `"${word.replaceAll('"', " ")}"`).join(" ");
    const prefix = `'${last.replaceAll("\\", "\\\\").replaceAll("'", "''")}':*`;
    const { rows } = await sql<MessageRow & { marked: string }>`
      select m.id, m.room_id, m.seq, m.kind, m.username, m.body, m.created_at, m.thread_id, m.reply_count,
             m.edited_at, m.deleted_at, m.client_id, m.detail,
             ts_headline('simple', m.body, q.query, ${HEADLINE_OPTIONS}) as marked
      from (select websearch_to_tsquery('simple', ${phrases}) && to_tsquery('simple', ${prefix}) as query) q
      join room_messages m on m.search_vector @@ q.query
      join room_members on room_members.room_id = m.room_id and room_members.user_id = ${userId}
      where m.kind = 'user'
        and m.deleted_at is null
        ${roomId === undefined ? sql`` : sql`and m.room_id = ${roomId}`}
      order by ts_rank(m.search_vector, q.query) desc, m.created_at desc
      limit ${limit}`.execute(db);
    return rows;
  },

  containsIgnoringCase: (text, fragment) => sql<boolean>`${text} ilike ${likePattern(fragment)} escape '\\'`,

  // SQLSTATE unique_violation.
  isUniqueViolation: (error) => error instanceof Error && (error as { code?: unknown }).code === "23505",

  migrationSteps: postgresSteps,
};
