import { sql, type Kysely } from "kysely";
import type { Username } from "@parley/protocol";
import type { Database } from "./schema.js";

/**
 * Stores who each message @mentions, in the order named. Names are matched
 * to accounts in any letter case; a name that is no account is left out, and
 * a name given twice counts once, where it came first (a second row would
 * break the table's key and fail the whole batch of appends).
 */
export async function storeMentions(
  db: Kysely<Database>,
  messages: { messageId: string; mentions: Username[] }[],
): Promise<void> {
  const named = messages.flatMap(({ messageId, mentions }) =>
    [...new Set(mentions.map((username) => username.toLowerCase()))].map(
      (key, position) => sql`(${messageId}, ${key}, cast(${position} as integer))`,
    ),
  );
  if (named.length === 0) return;
  await sql`
    with named (message_id, username_key, position) as (values ${sql.join(named)})
    insert into mentions (message_id, user_id, position)
    select named.message_id, users.id, named.position
    from named join users on users.username_key = named.username_key`.execute(db);
}
