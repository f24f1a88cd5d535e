import type { Kysely, Transaction } from "kysely";
import type { UserMessage, Username } from "@parley/protocol";
import type { Dialect } from "./dialect.js";
import { MESSAGE_COLUMNS, toMessages } from "./message-rows.js";
import type { Database } from "./schema.js";
import { highlightParts } from "./search-text.js";
import { withinSeqRange } from "./sequence-range.js";
import { storeMentions } from "./sql-mentions.js";
import type { MessageStore } from "./store.js";

/** Reading, changing and searching stored messages; appends are sql-appends.ts. */
export function sqlMessages(db: Kysely<Database>, dialect: Dialect): Omit<MessageStore, "appendRoomMessage"> {
  async function findUserMessage(executor: Kysely<Database>, messageId: string): Promise<UserMessage | null> {
    const row = await executor
      .selectFrom("room_messages")
      .select(MESSAGE_COLUMNS)
      .where("id", "=", messageId)
      .where("kind", "=", "user")
      .executeTakeFirst();
    if (!row) return null;
    const [message] = await toMessages(executor, [row]);
    return message?.kind === "user" ? message : null;
  }

  async function mustFind(executor: Kysely<Database>, messageId: string): Promise<UserMessage> {
    const message = await findUserMessage(executor, messageId);
    if (!message) throw new Error(`No user message ${messageId}`);
    return message;
  }

  return {
    findMessage: (messageId) => findUserMessage(db, messageId),

    async findByClientId(author, clientId) {
      const row = await db
        .selectFrom("room_messages")
        .select(MESSAGE_COLUMNS)
        .where("username", "=", author)
        .where("client_id", "=", clientId)
        .where("kind", "=", "user")
        .executeTakeFirst();
      if (!row) return null;
      const [message] = await toMessages(db, [row]);
      return message?.kind === "user" ? message : null;
    },

    async editMessage(messageId, text, mentions) {
      return db.transaction().execute(async (trx) => {
        await trx
          .updateTable("room_messages")
          .set({ body: text, edited_at: Date.now() })
          .where("id", "=", messageId)
          .execute();
        await replaceMentions(trx, messageId, mentions);
        return mustFind(trx, messageId);
      });
    },

    async deleteMessage(messageId) {
      return db.transaction().execute(async (trx) => {
        await trx
          .updateTable("room_messages")
          .set({ body: "", deleted_at: Date.now() })
          .where("id", "=", messageId)
          .execute();
        await trx.deleteFrom("reactions").where("message_id", "=", messageId).execute();
        await replaceMentions(trx, messageId, []);
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
          // Two toggles racing on two nodes: the first adds, the second finds it there.
          await trx
            .insertInto("reactions")
            .values({ message_id: messageId, user_id: userId, emoji, created_at: Date.now() })
            .onConflict((conflict) => conflict.columns(["message_id", "user_id", "emoji"]).doNothing())
            .execute();
        }
        return mustFind(trx, messageId);
      });
    },

    async listMessages({ roomId, threadId, before, after, limit }) {
      let query = db.selectFrom("room_messages").select(MESSAGE_COLUMNS).where("room_id", "=", roomId);
      query = threadId === null ? query.where("thread_id", "is", null) : query.where("thread_id", "=", threadId);
      if (after !== undefined) {
        query = query.where("seq", ">", withinSeqRange(after)).orderBy("seq", "asc");
      } else {
        if (before !== undefined) query = query.where("seq", "<", withinSeqRange(before));
        query = query.orderBy("seq", "desc");
      }
      // One more than asked tells whether there are more.
      const rows = await query.limit(limit + 1).execute();
      const hasMore = rows.length > limit;
      const page = rows.slice(0, limit);
      if (after === undefined) page.reverse();
      return { messages: await toMessages(db, page), hasMore };
    },

    async search(userId, query, roomId, limit) {
      const rows = await dialect.search(db, { userId, query, roomId, limit });
      const messages = await toMessages(db, rows);
      return messages.flatMap((message, i) =>
        message.kind === "user" ? [{ message, parts: highlightParts(rows[i]!.marked, message.text) }] : [],
      );
    },
  };
}

/** The message's mentions become `mentions`, in order. */
async function replaceMentions(trx: Transaction<Database>, messageId: string, mentions: Username[]): Promise<void> {
  await trx.deleteFrom("mentions").where("message_id", "=", messageId).execute();
  await storeMentions(trx, [{ messageId, mentions }]);
}
