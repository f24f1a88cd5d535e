import { v7 as timeOrderedUuid } from "uuid";
import { sql, type Kysely, type Selectable } from "kysely";
import { SystemMessage, type Reaction, type RoomMessage, type Username } from "@parley/protocol";
import type { Database } from "./schema.js";
import type { NewRoomMessage } from "./store.js";

// Messages between the protocol's shape and the tables': a row of
// room_messages, plus its reactions and mentions from their own tables.

export type MessageRow = Selectable<Database["room_messages"]>;

/**
 * The columns a message is read from: named, since an engine may keep more
 * in the table (PostgreSQL's search vector) that no reader needs.
 */
export const MESSAGE_COLUMNS = [
  "id",
  "room_id",
  "seq",
  "kind",
  "username",
  "body",
  "created_at",
  "thread_id",
  "reply_count",
  "edited_at",
  "deleted_at",
  "client_id",
  "detail",
] as const satisfies readonly (keyof MessageRow)[];

/** A message about to be stored: everything but its sequence number, and its mentions beside it. */
export interface NewMessageRow {
  row: Omit<MessageRow, "seq">;
  mentions: Username[];
}

/** The rows as protocol messages, each user message with its reactions and mentions. */
export async function toMessages(db: Kysely<Database>, rows: MessageRow[]): Promise<RoomMessage[]> {
  const userMessageIds = rows.filter((row) => row.kind === "user" && row.deleted_at === null).map((row) => row.id);
  const [reactions, mentions] = await Promise.all([reactionsOf(db, userMessageIds), mentionsOf(db, userMessageIds)]);
  return rows.map((row) => toRoomMessage(row, reactions.get(row.id) ?? [], mentions.get(row.id) ?? []));
}

/** Each message's reactions: one per emoji, in the order first used, with who reacted in the order they did. */
async function reactionsOf(db: Kysely<Database>, messageIds: string[]): Promise<Map<string, Reaction[]>> {
  if (messageIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("reactions")
    .innerJoin("users", "users.id", "reactions.user_id")
    .select(["reactions.message_id", "reactions.emoji", "users.username"])
    .where("reactions.message_id", "in", messageIds)
    .orderBy("reactions.created_at")
    // Both engines number reactions in the order they came (see MigrationSteps).
    .orderBy(sql`reactions.rowid`)
    .execute();
  const byMessage = new Map<string, Map<string, Username[]>>();
  for (const row of rows) {
    const emojis = byMessage.get(row.message_id) ?? new Map<string, Username[]>();
    byMessage.set(row.message_id, emojis);
    emojis.set(row.emoji, [...(emojis.get(row.emoji) ?? []), row.username]);
  }
  return new Map([...byMessage].map(([id, emojis]) => [id, [...emojis].map(([emoji, users]) => ({ emoji, users }))]));
}

/** Each message's @mentioned usernames, in the order its text names them. */
async function mentionsOf(db: Kysely<Database>, messageIds: string[]): Promise<Map<string, Username[]>> {
  if (messageIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("mentions")
    .innerJoin("users", "users.id", "mentions.user_id")
    .select(["mentions.message_id", "users.username"])
    .where("mentions.message_id", "in", messageIds)
    .orderBy("mentions.message_id")
    .orderBy("mentions.position")
    .execute();
  const byMessage = new Map<string, Username[]>();
  for (const { message_id, username } of rows)
    byMessage.set(message_id, [...(byMessage.get(message_id) ?? []), username]);
  return byMessage;
}

/**
 * The row for a new message; it is made when the message comes in, so created_at is then.
 *
 * Its id is a time-ordered (v7) UUID: each insert into the primary key's index
 * lands beside the last one. A random (v4) id lands on a random page of that
 * index, so every message of a commit dirtied a page of its own, which the WAL
 * and then the checkpoint each wrote out in full (4 KB): 41% of the pages SQLite
 * wrote in the benchmark, before this.
 */
export function toNewRow(message: NewRoomMessage): NewMessageRow {
  const common = {
    id: timeOrderedUuid(),
    room_id: message.roomId,
    kind: message.kind,
    created_at: Date.now(),
    reply_count: 0,
    edited_at: null,
    deleted_at: null,
  };
  if (message.kind === "user") {
    return {
      row: {
        ...common,
        username: message.author,
        body: message.text,
        thread_id: message.threadId,
        client_id: message.clientId,
        detail: null,
      },
      mentions: message.mentions,
    };
  }
  const { kind: _kind, roomId: _roomId, user, event, ...detail } = message;
  return {
    row: {
      ...common,
      username: user,
      body: event,
      thread_id: null,
      client_id: null,
      detail: Object.keys(detail).length === 0 ? null : JSON.stringify(detail),
    },
    mentions: [],
  };
}

export function toRoomMessage(row: MessageRow, reactions: Reaction[], mentions: Username[]): RoomMessage {
  const common = { id: row.id, roomId: row.room_id, seq: Number(row.seq), createdAt: Number(row.created_at) };
  if (row.kind === "system") {
    // Written by toNewRow from a message of this schema; parsed back with it.
    const detail: unknown = row.detail === null ? {} : JSON.parse(row.detail);
    return SystemMessage.parse({
      ...(detail as object),
      kind: "system",
      ...common,
      user: row.username,
      event: row.body,
    });
  }
  const deleted = row.deleted_at !== null;
  return {
    kind: "user",
    ...common,
    author: row.username,
    clientId: row.client_id,
    text: deleted ? "" : row.body,
    threadId: row.thread_id,
    replyCount: Number(row.reply_count),
    editedAt: row.edited_at === null ? null : Number(row.edited_at),
    deleted,
    reactions: deleted ? [] : reactions,
    mentions: deleted ? [] : mentions,
  };
}
