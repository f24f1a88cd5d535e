import { sql, type Kysely } from "kysely";
import type { ReadState, RoomId, RoomSummary, User } from "@parley/protocol";
import { toRoom, type RoomRow } from "./room-rows.js";
import type { Database } from "./schema.js";
import { withinSeqRange } from "./sequence-range.js";
import type { RoomStore } from "./store.js";

interface SummaryRow extends RoomRow {
  last_read_seq: number;
  unread: number;
  mentions: number;
}

/** Read markers, and the sidebar rows they make: unread and mention counts per room. */
export function sqlReadState(db: Kysely<Database>): Pick<RoomStore, "roomsOf" | "summaryOf" | "markRead"> {
  /**
   * The sidebar rows of `user`, for all their rooms or one. Unread counts what
   * others wrote after the marker and did not delete; system messages are not news.
   */
  async function summaries(user: User, roomId?: RoomId): Promise<RoomSummary[]> {
    const { rows } = await sql<SummaryRow>`
      select r.id, r.kind, r.name, r.topic, r.visibility, r.owner_id, r.last_seq, rm.last_read_seq,
        (select count(*) from room_members m where m.room_id = r.id) as member_count,
        (select count(*) from room_messages s
          where s.room_id = r.id and s.seq > rm.last_read_seq and s.kind = 'user'
            and s.deleted_at is null and s.username <> ${user.username}) as unread,
        (select count(*) from mentions n join room_messages s on s.id = n.message_id
          where n.user_id = ${user.id} and s.room_id = r.id and s.seq > rm.last_read_seq
            and s.deleted_at is null and s.username <> ${user.username}) as mentions
      from room_members rm join rooms r on r.id = rm.room_id
      where rm.user_id = ${user.id} ${roomId === undefined ? sql`` : sql`and r.id = ${roomId}`}
      order by r.kind, r.name_key, r.name, r.id`.execute(db);

    const dmIds = rows.filter((row) => row.kind === "dm").map((row) => row.id);
    const dmMembers = new Map<string, string[]>();
    if (dmIds.length > 0) {
      const members = await db
        .selectFrom("room_members")
        .innerJoin("users", "users.id", "room_members.user_id")
        .select(["room_members.room_id", "users.username"])
        .where("room_members.room_id", "in", dmIds)
        .orderBy("users.username_key")
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

  async function summaryOf(roomId: RoomId, user: User): Promise<RoomSummary> {
    const [summary] = await summaries(user, roomId);
    if (!summary) throw new Error(`${user.username} is not a member of ${roomId}`);
    return summary;
  }

  return {
    roomsOf: (user) => summaries(user),
    summaryOf,

    async markRead(roomId, user, asked) {
      const seq = withinSeqRange(asked);
      // Forward only, and never past the room's newest message.
      const target = sql<number>`(select case when last_seq < ${seq} then last_seq else ${seq} end from rooms where id = ${roomId})`;
      await db
        .updateTable("room_members")
        .set({ last_read_seq: target })
        .where("room_id", "=", roomId)
        .where("user_id", "=", user.id)
        .where("last_read_seq", "<", target)
        .execute();
      return (await summaryOf(roomId, user)).read satisfies ReadState;
    },
  };
}
