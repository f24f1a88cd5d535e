import { ok } from "@parley/protocol";
import { access } from "./access.js";
import { handle } from "./boundary.js";
import type { ParleySocket, RealtimeContext } from "./context.js";

/** Typing is ephemeral: a volatile emit to the room, never stored; clients expire it after TYPING_TTL_MS. */
export function registerTyping(ctx: RealtimeContext, socket: ParleySocket): void {
  handle(ctx, socket, "typing:set", async ({ roomId, typing }) => {
    const allowed = await access(ctx, socket, roomId, "write");
    if (!allowed.ok) return allowed;
    socket.to(roomId).volatile.emit("typing:updated", { roomId, username: socket.data.user.username, typing });
    return ok({});
  });
}
