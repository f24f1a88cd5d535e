import { err, type Result, type RoomId } from "@parley/protocol";
import type { RoomAccess } from "../store/store.js";
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
): Promise<Result<RoomAccess>> {
  // Every room and message request passes here: one query, no counts.
  const found = await ctx.store.accessOf(roomId, socket.data.user.id);
  if (found) {
    const { room, member } = found;
    if (member) return { ok: true, data: room };
    const preview = need === "read" && room.kind === "channel" && room.visibility === "public";
    if (preview) return { ok: true, data: room };
    if (room.visibility === "public") return err("forbidden", `Join #${room.name} first`);
  }
  return err("not_found", "There is no such room, or you are not in it");
}
