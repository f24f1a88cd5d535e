import { ok } from "@parley/protocol";
import { handle } from "./boundary.js";
import type { ParleySocket, RealtimeContext } from "./context.js";
import { announce } from "./rooms.js";
import { personalRoom, sessionRoom } from "./socket-rooms.js";

export function registerPresence(ctx: RealtimeContext, socket: ParleySocket): void {
  const { user, sessionId } = socket.data;
  void socket.join([personalRoom(user.username), sessionRoom(sessionId)]);
  if (ctx.presence.connect(user.username, socket.id)) {
    socket.broadcast.emit("presence:changed", { username: user.username, status: "online" });
  }

  handle(ctx, socket, "presence:list", () => Promise.resolve(ok({ users: ctx.presence.online() })));

  socket.on("disconnect", () => {
    const { roomsLeft, wentOffline } = ctx.presence.disconnect(user.username, socket.id);
    // A server restart is not a departure: the clients will be back.
    if (ctx.lifecycle.closing) return;
    for (const roomId of roomsLeft) {
      ctx.lifecycle
        .track(announce(ctx, { kind: "system", roomId, event: "left", user: user.username }))
        .catch((error: unknown) => {
          ctx.logger.error({ err: error, roomId }, "could not record a departure");
        });
    }
    if (wentOffline) ctx.io.emit("presence:changed", { username: user.username, status: "offline" });
  });
}
