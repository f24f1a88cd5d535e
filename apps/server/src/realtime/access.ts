import { err, type Result, type Room, type RoomId } from "@parley/protocol";
import type { ParleySocket, RealtimeContext } from "./context.js";

/**
 * Who may do what in a room, in one place. Members may do everything; anyone
 * may look into a public channel (read its history and members) before
 * joining; nobody else learns anything, not even that a private room exists.
 */
export async function access(
  ctx: RealtimeContext,
  socket: ParleySocket,
  roomId: RoomId,
  need: "read" | "write",
): Promise<Result<Room>> {
  const room = await ctx.store.findRoom(roomId);
  if (room) {
    if (await ctx.store.isMember(roomId, socket.data.user.id)) return { ok: true, data: room };
    const preview = need === "read" && room.kind === "channel" && room.visibility === "public";
    if (preview) return { ok: true, data: room };
    if (room.visibility === "public") return err("forbidden", `Join #${room.name} first`);
  }
  return err("not_found", "There is no such room, or you are not in it");
}
