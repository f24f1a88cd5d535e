import type { RoomSummary, Username } from "@parley/protocol";

/** Everyone in a direct conversation but oneself. */
export function dmPeers(room: Pick<RoomSummary, "dmMembers">, self: Username): Username[] {
  return room.dmMembers.filter((name) => name !== self);
}

/** A channel by its name; a direct conversation by its other members. */
export function roomTitle(room: Pick<RoomSummary, "kind" | "name" | "dmMembers">, self: Username): string {
  if (room.kind === "channel") return room.name;
  const peers = dmPeers(room, self);
  return peers.length === 0 ? `${self} (you)` : peers.join(", ");
}

/** "#design" or "alice, bob": as headings and placeholders name a room. */
export function roomLabel(room: Pick<RoomSummary, "kind" | "name" | "dmMembers">, self: Username): string {
  return room.kind === "channel" ? `#${room.name}` : roomTitle(room, self);
}

/** Channels by name, then direct conversations with the newest activity first. */
export function sortRooms(
  rooms: readonly RoomSummary[],
  self: Username,
): { channels: RoomSummary[]; dms: RoomSummary[] } {
  const channels = rooms.filter((room) => room.kind === "channel").sort((a, b) => a.name.localeCompare(b.name));
  const dms = rooms
    .filter((room) => room.kind === "dm")
    .sort((a, b) => b.lastSeq - a.lastSeq || roomTitle(a, self).localeCompare(roomTitle(b, self)));
  return { channels, dms };
}
