import type { Room } from "@parley/protocol";

/** A room row with what Room computes from other tables. */
export interface RoomRow {
  id: string;
  kind: "channel" | "dm";
  name: string;
  topic: string;
  visibility: "public" | "private";
  owner_id: string | null;
  last_seq: number;
  member_count: number | string | null;
}

export function toRoom(row: RoomRow): Room {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    topic: row.topic,
    visibility: row.visibility,
    ownerId: row.owner_id,
    memberCount: Number(row.member_count ?? 0),
    lastSeq: Number(row.last_seq),
  };
}
