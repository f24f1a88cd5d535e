import { createHash, randomBytes } from "node:crypto";
import { sql, type Kysely, type Selectable } from "kysely";
import type { Room, RoomId, UserId } from "@parley/protocol";
import type { Dialect } from "./dialect.js";
import { toRoom } from "./room-rows.js";
import type { Database } from "./schema.js";
import type { RoomStore } from "./store.js";

/** Channels, direct conversations and their members; read state is sql-read-state.ts. */
export function sqlRooms(
  db: Kysely<Database>,
  dialect: Dialect,
): Omit<RoomStore, "roomsOf" | "summaryOf" | "markRead"> {
  /** Rooms with their member count and newest sequence number. */
  function selectRooms() {
    return db
      .selectFrom("rooms")
      .select([
        "rooms.id",
        "rooms.kind",
        "rooms.name",
        "rooms.topic",
        "rooms.visibility",
        "rooms.owner_id",
        "rooms.last_seq",
      ])
      .select((eb) =>
        eb
          .selectFrom("room_members")
          .whereRef("room_members.room_id", "=", "rooms.id")
          .select((sub) => sub.fn.countAll<number>().as("n"))
          .as("member_count"),
      );
  }

  async function findRoom(roomId: RoomId): Promise<Room | null> {
    const row = await selectRooms().where("rooms.id", "=", roomId).executeTakeFirst();
    return row ? toRoom(row) : null;
  }

  /**
   * Inserts the memberships that do not exist yet. A newcomer's marker starts
   * at the room's newest message: what was said before they came is not news
   * to them. Who was new is what the INSERT inserted: a node adding the same
   * person at the same moment skips the row the other wrote.
   */
  async function addMembers(roomId: RoomId, userIds: UserId[]): Promise<UserId[]> {
    const wanted = [...new Set(userIds)];
    if (wanted.length === 0) return [];
    return db.transaction().execute(async (trx) => {
      const { last_seq } = await trx
        .selectFrom("rooms")
        .select("last_seq")
        .where("id", "=", roomId)
        .executeTakeFirstOrThrow();
      const now = Date.now();
      const inserted = await trx
        .insertInto("room_members")
        // In one order on every node: two nodes inserting the same people in
        // opposite orders would each wait for the other's row (a deadlock).
        .values(
          [...wanted]
            .sort()
            .map((user_id) => ({ room_id: roomId, user_id, joined_at: now, last_read_seq: Number(last_seq) })),
        )
        .onConflict((conflict) => conflict.columns(["room_id", "user_id"]).doNothing())
        .returning("user_id")
        .execute();
      const added = new Set(inserted.map((row) => row.user_id));
      return wanted.filter((id) => added.has(id));
    });
  }

  return {
    findRoom,
    addMembers,

    async createChannel({ name, topic, visibility, ownerId }) {
      const id = `c-${randomBytes(16).toString("hex")}`;
      const now = Date.now();
      const created = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto("rooms")
          .values({
            id,
            kind: "channel",
            name,
            topic,
            visibility,
            owner_id: ownerId,
            name_key: name.toLowerCase(),
            dm_key: null,
            created_at: now,
          })
          // The unique key decides between two creators racing for one name.
          .onConflict((conflict) => conflict.column("name_key").doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
        await trx.insertInto("room_members").values({ room_id: id, user_id: ownerId, joined_at: now }).execute();
        return true;
      });
      return created ? findRoom(id) : null;
    },

    async updateChannel(roomId, { name, topic }) {
      // An UPDATE must set something.
      if (name === undefined && topic === undefined) return findRoom(roomId);
      try {
        await db
          .updateTable("rooms")
          .set({
            ...(name === undefined ? {} : { name, name_key: name.toLowerCase() }),
            ...(topic === undefined ? {} : { topic }),
          })
          .where("id", "=", roomId)
          .where("kind", "=", "channel")
          .execute();
      } catch (error) {
        // The unique key decides between two renames racing for one name: a
        // check before the update would pass for both, and the second would fail.
        if (dialect.isUniqueViolation(error)) return null;
        throw error;
      }
      return findRoom(roomId);
    },

    async browseChannels(query) {
      const rows = await selectRooms()
        .where("rooms.kind", "=", "channel")
        .where("rooms.visibility", "=", "public")
        .where((eb) =>
          eb.or([
            dialect.containsIgnoringCase(eb.ref("rooms.name"), query),
            dialect.containsIgnoringCase(eb.ref("rooms.topic"), query),
          ]),
        )
        .orderBy("rooms.name_key")
        .orderBy("rooms.name")
        .limit(BROWSE_LIMIT)
        .execute();
      return rows.map(toRoom);
    },

    async openDm(userIds) {
      const dmKey = [...new Set(userIds)].sort().join(",");
      const id = `d-${createHash("sha256").update(dmKey).digest("hex").slice(0, 32)}`;
      const created = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto("rooms")
          .values({
            id,
            kind: "dm",
            name: "",
            topic: "",
            visibility: "private",
            owner_id: null,
            name_key: null,
            dm_key: dmKey,
            created_at: Date.now(),
          })
          // Its id is made from dm_key, so a racing opener collides on both
          // keys; PostgreSQL skips a row only for the keys ON CONFLICT names
          // (and raises on the others), so it names none: any key will do.
          .onConflict((conflict) => conflict.doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
        const now = Date.now();
        await trx
          .insertInto("room_members")
          .values(dmKey.split(",").map((user_id) => ({ room_id: id, user_id, joined_at: now })))
          .execute();
        return true;
      });
      const room = await findRoom(id);
      if (!room) throw new Error(`The direct conversation ${id} vanished`);
      return { room, created };
    },

    async removeMember(roomId, userId) {
      const removed = await db
        .deleteFrom("room_members")
        .where("room_id", "=", roomId)
        .where("user_id", "=", userId)
        .executeTakeFirst();
      return Number(removed.numDeletedRows) > 0;
    },

    async accessOf(roomId, userId) {
      // Every room and message request asks this: written out, not built (see insert in sql-messages.ts).
      const { rows } = await sql<
        Pick<Selectable<Database["rooms"]>, "id" | "kind" | "name" | "visibility" | "owner_id"> & {
          member: number | boolean;
        }
      >`
        select id, kind, name, visibility, owner_id,
               exists (select 1 from room_members where room_id = rooms.id and user_id = ${userId}) as member
        from rooms where id = ${roomId}`.execute(db);
      const [row] = rows;
      if (!row) return null;
      const room = { id: row.id, kind: row.kind, name: row.name, visibility: row.visibility, ownerId: row.owner_id };
      return { room, member: Boolean(row.member) };
    },

    async members(roomId) {
      return db
        .selectFrom("room_members")
        .innerJoin("users", "users.id", "room_members.user_id")
        .select(["users.id", "users.username"])
        .where("room_members.room_id", "=", roomId)
        .orderBy("users.username_key")
        .orderBy("users.username")
        .execute();
    },

    async roomIdsOf(user) {
      const rows = await db.selectFrom("room_members").select("room_id").where("user_id", "=", user.id).execute();
      return rows.map((row) => row.room_id);
    },
  };
}

/** Enough for a directory page; a longer list is narrowed with a query. */
const BROWSE_LIMIT = 200;
