import { ok } from "@parley/protocol";
import { handle } from "./boundary.js";
import type { ParleySocket, RealtimeContext } from "./context.js";
import { personalRoom, sessionRoom } from "./socket-rooms.js";

/** Online with the first socket, offline with the last; away when the client says so. */
export function registerPresence(ctx: RealtimeContext, socket: ParleySocket): void {
  const { user, sessionId } = socket.data;
  void socket.join([personalRoom(user.username), sessionRoom(sessionId)]);
  if (ctx.presence.connect(user.username, socket.id)) {
    socket.broadcast.emit("presence:changed", { username: user.username, status: "online" });
  }

  handle(ctx, socket, "presence:set", ({ status }) => {
    if (ctx.presence.setStatus(user.username, status)) {
      ctx.io.emit("presence:changed", { username: user.username, status });
    }
    return Promise.resolve(ok({}));
  });

  handle(ctx, socket, "presence:list", () =>
    Promise.resolve(ok({ users: ctx.presence.online(), away: ctx.presence.away() })),
  );

  socket.on("disconnecting", () => {
    if (ctx.presence.disconnect(user.username, socket.id)) {
      ctx.io.emit("presence:changed", { username: user.username, status: "offline" });
    }
  });
}
