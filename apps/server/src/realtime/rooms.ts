import { DEFAULT_ROOM_ID, HISTORY_LIMIT, err, ok, type RoomMessage } from "@parley/protocol";
import type { NewRoomMessage } from "../store/store.js";
import { handle } from "./boundary.js";
import type { ParleySocket, RealtimeContext } from "./context.js";

/** Rooms that exist. Creating rooms comes with channels. */
const rooms = new Set([DEFAULT_ROOM_ID]);

/** Has this socket joined this chat room? (socket.rooms also holds internal rooms.) */
export function isMember(socket: ParleySocket, roomId: string): boolean {
  return rooms.has(roomId) && socket.rooms.has(roomId);
}

/** Stores a room message, then tells everyone in the room. */
export async function announce(ctx: RealtimeContext, message: NewRoomMessage): Promise<RoomMessage> {
  const stored = await ctx.store.appendRoomMessage(message);
  ctx.io.to(stored.roomId).emit("message:created", stored);
  return stored;
}

export function registerRooms(ctx: RealtimeContext, socket: ParleySocket): void {
  handle(ctx, socket, "room:join", async ({ roomId }) => {
    if (!rooms.has(roomId)) return err("not_found", `There is no room named ${roomId}`);
    const { username } = socket.data.user;
    await socket.join(roomId);
    if (ctx.presence.joinRoom(username, socket.id, roomId)) {
      await announce(ctx, { kind: "system", roomId, event: "joined", user: username });
    }
    const messages = await ctx.store.recentRoomMessages(roomId, HISTORY_LIMIT);
    return ok({ roomId, messages });
  });
}
