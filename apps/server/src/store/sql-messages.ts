import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { PrivateMessage, RoomMessage } from "@parley/protocol";
import type { Database } from "./schema.js";
import type { MessageStore, NewRoomMessage } from "./store.js";

export function sqlMessageStore(db: Kysely<Database>): MessageStore {
  return {
    async appendRoomMessage(message) {
      const row = toRoomRow(message);
      // One statement takes the next sequence number and inserts: SQLite runs
      // it atomically, and the unique (room_id, seq) constraint guards the rest.
      const { seq } = await db
        .insertInto("room_messages")
        .columns(["id", "room_id", "seq", "kind", "username", "body", "created_at"])
        .expression((eb) =>
          eb
            .selectFrom("room_messages")
            .where("room_id", "=", row.room_id)
            .select([
              eb.val(row.id).as("id"),
              eb.val(row.room_id).as("room_id"),
              eb(eb.fn.coalesce(eb.fn.max("seq"), eb.lit(0)), "+", eb.lit(1)).as("seq"),
              eb.val(row.kind).as("kind"),
              eb.val(row.username).as("username"),
              eb.val(row.body).as("body"),
              eb.val(row.created_at).as("created_at"),
            ]),
        )
        .returning("seq")
        .executeTakeFirstOrThrow();
      return toRoomMessage({ ...row, seq });
    },

    async recentRoomMessages(roomId, limit) {
      const rows = await db
        .selectFrom("room_messages")
        .selectAll()
        .where("room_id", "=", roomId)
        .orderBy("seq", "desc")
        .limit(limit)
        .execute();
      return rows.reverse().map(toRoomMessage);
    },

    async savePrivateMessage(message) {
      const saved: PrivateMessage = { id: randomUUID(), createdAt: Date.now(), ...message };
      await db
        .insertInto("private_messages")
        .values({
          id: saved.id,
          sender: saved.from,
          recipient: saved.to,
          body: saved.text,
          created_at: saved.createdAt,
        })
        .execute();
      return saved;
    },
  };
}

type RoomRow = Selectable<Database["room_messages"]>;

function toRoomRow(message: NewRoomMessage): Omit<RoomRow, "seq"> {
  const common = { id: randomUUID(), room_id: message.roomId, kind: message.kind, created_at: Date.now() };
  return message.kind === "user"
    ? { ...common, username: message.author, body: message.text }
    : { ...common, username: message.user, body: message.event };
}

function toRoomMessage(row: RoomRow): RoomMessage {
  const common = { id: row.id, roomId: row.room_id, seq: Number(row.seq), createdAt: Number(row.created_at) };
  return row.kind === "user"
    ? { kind: "user", ...common, author: row.username, text: row.body }
    : { kind: "system", ...common, user: row.username, event: row.body === "left" ? "left" : "joined" };
}
