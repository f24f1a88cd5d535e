import { ok, type Username } from "@parley/protocol";
import { handle } from "./boundary.js";
import type { ParleySocket, RealtimeContext } from "./context.js";
import { announce } from "./rooms.js";

/** Every socket of a person joins their personal room, so a private message reaches all their tabs. */
export function personalRoom(username: Username): string {
  // Room ids cannot contain ':', so this never collides with a chat room.
  return `user:${username.toLowerCase()}`;
}

export function registerPresence(ctx: RealtimeContext, socket: ParleySocket): void {
  const { deviceKey } = socket.data;
  const arrival = ctx.presence.connect(socket.data.username, deviceKey, socket.id);
  if (!arrival.ok) {
    // Lost a race with another device's handshake for the same name.
    socket.disconnect(true);
    return;
  }
  // The holder's spelling wins when another tab types the name in other case.
  const username = ctx.presence.find(socket.data.username) ?? socket.data.username;
  socket.data.username = username;
  void socket.join(personalRoom(username));
  if (arrival.cameOnline) socket.broadcast.emit("presence:changed", { username, status: "online" });

  handle(ctx, socket, "presence:list", () => Promise.resolve(ok({ users: ctx.presence.online() })));

  socket.on("disconnect", () => {
    const { roomsLeft, wentOffline } = ctx.presence.disconnect(username, socket.id);
    // A server restart is not a departure: the clients will be back.
    if (ctx.lifecycle.closing) return;
    for (const roomId of roomsLeft) {
      ctx.lifecycle
        .track(announce(ctx, { kind: "system", roomId, event: "left", user: username }))
        .catch((error: unknown) => {
          ctx.logger.error({ err: error, roomId }, "could not record a departure");
        });
    }
    if (wentOffline) ctx.io.emit("presence:changed", { username, status: "offline" });
  });
}
