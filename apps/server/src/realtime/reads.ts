import { ok } from "@parley/protocol";
import { access } from "./access.js";
import { handle } from "./boundary.js";
import type { ParleySocket, RealtimeContext } from "./context.js";
import { personalRoom } from "./socket-rooms.js";

export function registerReads(ctx: RealtimeContext, socket: ParleySocket): void {
  handle(ctx, socket, "room:read", async ({ roomId, seq }) => {
    const allowed = await access(ctx, socket, roomId, "write");
    if (!allowed.ok) return allowed;
    const state = await ctx.store.markRead(roomId, socket.data.user, seq);
    // The user's other devices clear their badges too.
    socket.to(personalRoom(socket.data.user.username)).emit("read:updated", state);
    return ok(state);
  });
}
