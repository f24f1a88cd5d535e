import { randomUUID } from "node:crypto";
import { sql, type Kysely, type Selectable } from "kysely";
import { SystemMessage, type Reaction, type RoomMessage, type UserMessage, type Username } from "@parley/protocol";
import { highlightParts, MATCH_END, MATCH_START, matchExpression } from "./fts-query.js";
import { createGroupCommit } from "./group-commit.js";
import type { Database } from "./schema.js";
import { ClientIdTaken, type MessageStore, type NewRoomMessage } from "./store.js";

type RoomRow = Selectable<Database["room_messages"]>;

/**
 * The message store, and `appendsSettled`: resolves once every append made so
 * far has committed or failed, for closing without losing queued writes.
 */
export function sqlMessageStore(db: Kysely<Database>): MessageStore & { appendsSettled: () => Promise<void> } {
  /** The rows as protocol messages, each user message with its reactions. */
  async function toMessages(rows: RoomRow[], executor: Kysely<Database> = db): Promise<RoomMessage[]> {
    const reactions = await reactionsOf(
      executor,
      rows.filter((row) => row.kind === "user").map((row) => row.id),
    );
    return rows.map((row) => toRoomMessage(row, reactions.get(row.id) ?? []));
  }

  async function findUserMessage(executor: Kysely<Database>, messageId: string): Promise<UserMessage | null> {
    const row = await executor
      .selectFrom("room_messages")
      .selectAll()
      .where("id", "=", messageId)
      .where("kind", "=", "user")
      .executeTakeFirst();
    if (!row) return null;
    const [message] = await toMessages([row], executor);
    return message?.kind === "user" ? message : null;
  }

  async function mustFind(executor: Kysely<Database>, messageId: string): Promise<UserMessage> {
    const message = await findUserMessage(executor, messageId);
    if (!message) throw new Error(`No user message ${messageId}`);
    return message;
  }

  /** One batch of appends in one transaction: see group-commit.ts. */
  async function appendBatch(rows: NewRoomRow[]): Promise<PromiseSettledResult<RoomMessage>[]> {
    // A lone message outside a thread is one statement, atomic by itself. On a
    // quiet server every batch is like that, and BEGIN and COMMIT around it
    // would add about half again to each append's cost for nothing.
    const [first] = rows;
    if (rows.length === 1 && first?.thread_id === null) return [await append(db, first)];
    return db.transaction().execute(async (trx) => {
      const outcomes: PromiseSettledResult<RoomMessage>[] = [];
      for (const row of rows) outcomes.push(await append(trx, row));
      return outcomes;
    });
  }

  const appends = createGroupCommit(appendBatch);

  return {
    // The row is made now, not at the flush: its created_at is when it came in.
    appendRoomMessage: (message) => appends.submit(toRoomRow(message)),
    appendsSettled: () => appends.settled(),

    findMessage: (messageId) => findUserMessage(db, messageId),

    async findByClientId(author, clientId) {
      const row = await db
        .selectFrom("room_messages")
        .selectAll()
        .where("username", "=", author)
        .where("client_id", "=", clientId)
        .where("kind", "=", "user")
        .executeTakeFirst();
      if (!row) return null;
      const [message] = await toMessages([row]);
      return message?.kind === "user" ? message : null;
    },

    async editMessage(messageId, text, mentions) {
      await db
        .updateTable("room_messages")
        .set({ body: text, mentions: JSON.stringify(mentions), edited_at: Date.now() })
        .where("id", "=", messageId)
        .execute();
      return mustFind(db, messageId);
    },

    async deleteMessage(messageId) {
      return db.transaction().execute(async (trx) => {
        await trx
          .updateTable("room_messages")
          .set({ body: "", mentions: "[]", deleted_at: Date.now() })
          .where("id", "=", messageId)
          .execute();
        await trx.deleteFrom("reactions").where("message_id", "=", messageId).execute();
        return mustFind(trx, messageId);
      });
    },

    async toggleReaction(messageId, userId, emoji) {
      return db.transaction().execute(async (trx) => {
        const removed = await trx
          .deleteFrom("reactions")
          .where("message_id", "=", messageId)
          .where("user_id", "=", userId)
          .where("emoji", "=", emoji)
          .executeTakeFirst();
        if (Number(removed.numDeletedRows) === 0) {
          await trx
            .insertInto("reactions")
            .values({ message_id: messageId, user_id: userId, emoji, created_at: Date.now() })
            .execute();
        }
        return mustFind(trx, messageId);
      });
    },

    async listMessages({ roomId, threadId, before, after, limit }) {
      let query = db.selectFrom("room_messages").selectAll().where("room_id", "=", roomId);
      query = threadId === null ? query.where("thread_id", "is", null) : query.where("thread_id", "=", threadId);
      if (after !== undefined) {
        query = query.where("seq", ">", after).orderBy("seq", "asc");
      } else {
        if (before !== undefined) query = query.where("seq", "<", before);
        query = query.orderBy("seq", "desc");
      }
      // One more than asked tells whether there are more.
      const rows = await query.limit(limit + 1).execute();
      const hasMore = rows.length > limit;
      const page = rows.slice(0, limit);
      if (after === undefined) page.reverse();
      return { messages: await toMessages(page), hasMore };
    },

    async search(userId, query, roomId, limit) {
      const match = matchExpression(query);
      if (match === null) return [];
      const { rows } = await sql<RoomRow & { marked: string }>`
        select room_messages.*, highlight(messages_fts, 0, ${MATCH_START}, ${MATCH_END}) as marked
        from messages_fts
        join room_messages on room_messages.rowid = messages_fts.rowid
        join room_members on room_members.room_id = room_messages.room_id and room_members.user_id = ${userId}
        where messages_fts match ${match}
          and room_messages.kind = 'user'
          and room_messages.deleted_at is null
          ${roomId === undefined ? sql`` : sql`and room_messages.room_id = ${roomId}`}
        order by messages_fts.rank, room_messages.created_at desc
        limit ${limit}`.execute(db);
      const messages = await toMessages(rows);
      return messages.flatMap((message, i) =>
        message.kind === "user" ? [{ message, parts: highlightParts(rows[i]!.marked, message.text) }] : [],
      );
    },
  };
}

type NewRoomRow = Omit<RoomRow, "seq">;

/**
 * Stores one message of a batch. A clientId the author already used fails
 * this message alone, so the rest of its batch still commits. A reply counts
 * on its parent in the batch's transaction.
 */
async function append(executor: Kysely<Database>, row: NewRoomRow): Promise<PromiseSettledResult<RoomMessage>> {
  const seq = await insert(executor, row);
  if (seq === null) {
    return { status: "rejected", reason: new ClientIdTaken("This author already used this clientId") };
  }
  if (row.thread_id !== null) {
    await executor
      .updateTable("room_messages")
      .set((eb) => ({ reply_count: eb("reply_count", "+", 1) }))
      .where("id", "=", row.thread_id)
      .execute();
  }
  // A new message has no reactions yet.
  return { status: "fulfilled", value: toRoomMessage({ ...row, seq }, []) };
}

/**
 * One statement takes the room's next sequence number and inserts: SQLite runs
 * it atomically, and the unique (room_id, seq) constraint guards the rest.
 * Null when the author already has a message with this clientId: the unique
 * index, not a lookup before the insert, is what keeps a retry racing its
 * original (in the same batch or not) from storing the message twice, and
 * skipping the row instead of raising leaves the transaction usable for the
 * rest of the batch. PostgreSQL reads this ON CONFLICT clause the same way.
 */
async function insert(executor: Kysely<Database>, row: NewRoomRow): Promise<number | null> {
  // Written out rather than built: the query builder's work (an AST, then
  // compiling it) cost as much as SQLite's on every message sent.
  const { rows } = await sql<{ seq: number }>`
    insert into room_messages (id, room_id, seq, kind, username, body, created_at, thread_id, mentions, client_id, detail)
    select ${row.id}, ${row.room_id}, coalesce(max(seq), 0) + 1, ${row.kind}, ${row.username}, ${row.body},
           ${row.created_at}, ${row.thread_id}, ${row.mentions}, ${row.client_id}, ${row.detail}
    from room_messages where room_id = ${row.room_id}
    on conflict (username, client_id) do nothing
    returning seq`.execute(executor);
  const [inserted] = rows;
  return inserted === undefined ? null : Number(inserted.seq);
}

/** Each message's reactions: one per emoji, in the order first used, with who reacted in the order they did. */
async function reactionsOf(executor: Kysely<Database>, messageIds: string[]): Promise<Map<string, Reaction[]>> {
  const byMessage = new Map<string, Map<string, Username[]>>();
  if (messageIds.length === 0) return new Map();
  const rows = await executor
    .selectFrom("reactions")
    .innerJoin("users", "users.id", "reactions.user_id")
    .select(["reactions.message_id", "reactions.emoji", "users.username"])
    .where("reactions.message_id", "in", messageIds)
    .orderBy("reactions.created_at")
    .orderBy(sql`reactions.rowid`)
    .execute();
  for (const row of rows) {
    const emojis = byMessage.get(row.message_id) ?? new Map<string, Username[]>();
    byMessage.set(row.message_id, emojis);
    emojis.set(row.emoji, [...(emojis.get(row.emoji) ?? []), row.username]);
  }
  return new Map([...byMessage].map(([id, emojis]) => [id, [...emojis].map(([emoji, users]) => ({ emoji, users }))]));
}

function toRoomRow(message: NewRoomMessage): NewRoomRow {
  const common = {
    id: randomUUID(),
    room_id: message.roomId,
    kind: message.kind,
    created_at: Date.now(),
    reply_count: 0,
    edited_at: null,
    deleted_at: null,
  };
  if (message.kind === "user") {
    return {
      ...common,
      username: message.author,
      body: message.text,
      thread_id: message.threadId,
      mentions: JSON.stringify(message.mentions),
      client_id: message.clientId,
      detail: null,
    };
  }
  const { kind: _kind, roomId: _roomId, user, event, ...detail } = message;
  return {
    ...common,
    username: user,
    body: event,
    thread_id: null,
    mentions: "[]",
    client_id: null,
    detail: Object.keys(detail).length === 0 ? null : JSON.stringify(detail),
  };
}

function toRoomMessage(row: RoomRow, reactions: Reaction[]): RoomMessage {
  const common = { id: row.id, roomId: row.room_id, seq: Number(row.seq), createdAt: Number(row.created_at) };
  if (row.kind === "system") {
    // Written by toRoomRow from a message of this schema; parsed back with it.
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
    mentions: deleted ? [] : (JSON.parse(row.mentions) as Username[]),
  };
}
