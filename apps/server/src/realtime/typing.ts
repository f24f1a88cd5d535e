import { ok } from "@parley/protocol";
import { access } from "./access.js";
import type { RequestHandlers } from "./boundary.js";

/** Typing is ephemeral: a volatile emit to the room, never stored; clients expire it after TYPING_TTL_MS. */
export const typingRequests: RequestHandlers = {
  "typing:set": async (ctx, socket, { roomId, typing }) => {
    const allowed = await access(ctx, socket, roomId, "write");
    if (!allowed.ok) return allowed;
    socket.to(roomId).volatile.emit("typing:updated", { roomId, username: socket.data.user.username, typing });
    return ok({});
  },
};
