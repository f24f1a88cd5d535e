import { createHash, randomBytes } from "node:crypto";
import { sql, type Kysely, type Selectable } from "kysely";
import type { ReadState, Room, RoomId, RoomSummary, User, UserId } from "@parley/protocol";
import type { Database } from "./schema.js";
import type { RoomStore } from "./store.js";

/** A room row with what Room computes from other tables. */
interface RoomRow {
  id: string;
  kind: "channel" | "dm";
  name: string;
  topic: string;
  visibility: "public" | "private";
  owner_id: string | null;
  member_count: number | bigint | null;
  last_seq: number | bigint | null;
}

interface SummaryRow extends RoomRow {
  last_read_seq: number | bigint;
  unread: number | bigint;
  mentions: number | bigint;
}

export function sqlRoomStore(db: Kysely<Database>): RoomStore {
  /** Rooms with their member count and newest sequence number. */
  function selectRooms() {
    return db
      .selectFrom("rooms")
      .select(["rooms.id", "rooms.kind", "rooms.name", "rooms.topic", "rooms.visibility", "rooms.owner_id"])
      .select((eb) => [
        eb
          .selectFrom("room_members")
          .whereRef("room_members.room_id", "=", "rooms.id")
          .select((sub) => sub.fn.countAll<number>().as("n"))
          .as("member_count"),
        eb
          .selectFrom("room_messages")
          .whereRef("room_messages.room_id", "=", "rooms.id")
          .select((sub) => sub.fn.coalesce(sub.fn.max("room_messages.seq"), sub.lit(0)).as("s"))
          .as("last_seq"),
      ]);
  }

  async function findRoom(roomId: RoomId): Promise<Room | null> {
    const row = await selectRooms().where("rooms.id", "=", roomId).executeTakeFirst();
    return row ? toRoom(row) : null;
  }

  /**
   * The sidebar rows of `user`, for all their rooms or one. Unread counts what
   * others wrote after the marker and did not delete; system messages are not news.
   */
  async function summaries(user: User, roomId?: RoomId): Promise<RoomSummary[]> {
    const { rows } = await sql<SummaryRow>`
      select r.id, r.kind, r.name, r.topic, r.visibility, r.owner_id, rm.last_read_seq,
        (select count(*) from room_members m where m.room_id = r.id) as member_count,
        (select coalesce(max(seq), 0) from room_messages s where s.room_id = r.id) as last_seq,
        (select count(*) from room_messages s
          where s.room_id = r.id and s.seq > rm.last_read_seq and s.kind = 'user'
            and s.deleted_at is null and s.username <> ${user.username}) as unread,
        (select count(*) from room_messages s
          where s.room_id = r.id and s.seq > rm.last_read_seq and s.kind = 'user'
            and s.deleted_at is null and s.username <> ${user.username}
            and exists (select 1 from json_each(s.mentions) j where lower(j.value) = ${user.username.toLowerCase()})
        ) as mentions
      from room_members rm join rooms r on r.id = rm.room_id
      where rm.user_id = ${user.id} ${roomId === undefined ? sql`` : sql`and r.id = ${roomId}`}
      order by r.kind, r.name, r.id`.execute(db);

    const dmIds = rows.filter((row) => row.kind === "dm").map((row) => row.id);
    const dmMembers = new Map<string, string[]>();
    if (dmIds.length > 0) {
      const members = await db
        .selectFrom("room_members")
        .innerJoin("users", "users.id", "room_members.user_id")
        .select(["room_members.room_id", "users.username"])
        .where("room_members.room_id", "in", dmIds)
        .orderBy("users.username")
        .execute();
      for (const { room_id, username } of members)
        dmMembers.set(room_id, [...(dmMembers.get(room_id) ?? []), username]);
    }

    return rows.map((row) => ({
      ...toRoom(row),
      dmMembers: dmMembers.get(row.id) ?? [],
      read: {
        roomId: row.id,
        lastReadSeq: Number(row.last_read_seq),
        unread: Number(row.unread),
        mentions: Number(row.mentions),
      },
    }));
  }

  /**
   * Inserts the memberships that do not exist yet. A newcomer's marker starts
   * at the room's newest message: what was said before they came is not news to them.
   */
  async function addMembers(roomId: RoomId, userIds: UserId[]): Promise<UserId[]> {
    const wanted = [...new Set(userIds)];
    if (wanted.length === 0) return [];
    return db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom("room_members")
        .select("user_id")
        .where("room_id", "=", roomId)
        .where("user_id", "in", wanted)
        .execute();
      const known = new Set(existing.map((row) => row.user_id));
      const added = wanted.filter((id) => !known.has(id));
      if (added.length === 0) return [];
      const { last_seq } = await trx
        .selectFrom("room_messages")
        .select((eb) => eb.fn.coalesce(eb.fn.max("seq"), eb.lit(0)).as("last_seq"))
        .where("room_id", "=", roomId)
        .executeTakeFirstOrThrow();
      const now = Date.now();
      await trx
        .insertInto("room_members")
        .values(added.map((user_id) => ({ room_id: roomId, user_id, joined_at: now, last_read_seq: Number(last_seq) })))
        .onConflict((conflict) => conflict.columns(["room_id", "user_id"]).doNothing())
        .execute();
      return added;
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
      const updated = await db.transaction().execute(async (trx) => {
        if (name !== undefined) {
          const holder = await trx
            .selectFrom("rooms")
            .select("id")
            .where("name_key", "=", name.toLowerCase())
            .where("id", "<>", roomId)
            .executeTakeFirst();
          if (holder) return false;
        }
        await trx
          .updateTable("rooms")
          .set({
            ...(name === undefined ? {} : { name, name_key: name.toLowerCase() }),
            ...(topic === undefined ? {} : { topic }),
          })
          .where("id", "=", roomId)
          .where("kind", "=", "channel")
          .execute();
        return true;
      });
      return updated ? findRoom(roomId) : null;
    },

    async browseChannels(query) {
      const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const rows = await selectRooms()
        .where("rooms.kind", "=", "channel")
        .where("rooms.visibility", "=", "public")
        .where((eb) =>
          eb.or([
            sql<boolean>`${eb.ref("rooms.name")} like ${pattern} escape '\\'`,
            sql<boolean>`${eb.ref("rooms.topic")} like ${pattern} escape '\\'`,
          ]),
        )
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
          .onConflict((conflict) => conflict.column("dm_key").doNothing())
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
        Pick<Selectable<Database["rooms"]>, "id" | "kind" | "name" | "visibility" | "owner_id"> & { member: number }
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
        .orderBy("users.username")
        .execute();
    },

    roomsOf: (user) => summaries(user),

    async roomIdsOf(user) {
      const rows = await db.selectFrom("room_members").select("room_id").where("user_id", "=", user.id).execute();
      return rows.map((row) => row.room_id);
    },

    async summaryOf(roomId, user) {
      const [summary] = await summaries(user, roomId);
      if (!summary) throw new Error(`${user.username} is not a member of ${roomId}`);
      return summary;
    },

    async markRead(roomId, user, seq) {
      // Forward only, and never past the newest message.
      await sql`
        update room_members
        set last_read_seq = max(last_read_seq, min(${seq},
          (select coalesce(max(seq), 0) from room_messages where room_id = ${roomId})))
        where room_id = ${roomId} and user_id = ${user.id}`.execute(db);
      const [summary] = await summaries(user, roomId);
      if (!summary) throw new Error(`${user.username} is not a member of ${roomId}`);
      return summary.read satisfies ReadState;
    },
  };
}

/** Enough for a directory page; a longer list is narrowed with a query. */
const BROWSE_LIMIT = 200;

function toRoom(row: RoomRow): Room {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    topic: row.topic,
    visibility: row.visibility,
    ownerId: row.owner_id,
    memberCount: Number(row.member_count ?? 0),
    lastSeq: Number(row.last_seq ?? 0),
  };
}
