import { ok } from "@parley/protocol";
import { access } from "./access.js";
import type { RequestHandlers } from "./boundary.js";

export const searchRequests: RequestHandlers = {
  "message:search": async (ctx, socket, { query, roomId, limit }) => {
    if (roomId !== undefined) {
      // A room the user may not see is refused as any other request about it would be.
      const room = await access(ctx, socket, roomId, "read");
      if (!room.ok) return room;
    }
    // The store only searches rooms the user belongs to: previewing a public
    // channel shows its history, but search is over one's own rooms.
    const hits = await ctx.store.search(socket.data.user.id, query, roomId, limit);
    return ok({ hits });
  },
};
