import { ok } from "@parley/protocol";
import { access } from "./access.js";
import type { RequestHandlers } from "./boundary.js";
import { personalRoom } from "./socket-rooms.js";

export const readRequests: RequestHandlers = {
  "room:read": async (ctx, socket, { roomId, seq }) => {
    const { user } = socket.data;
    const allowed = await access(ctx, socket, roomId, "write");
    if (!allowed.ok) return allowed;
    const state = await ctx.store.markRead(roomId, user, seq);
    // The user's other devices clear their badges too.
    socket.to(personalRoom(user.username)).emit("read:updated", state);
    return ok(state);
  },
};
