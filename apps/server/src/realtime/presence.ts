import { ok } from "@parley/protocol";
import type { RequestHandlers } from "./boundary.js";
import type { ParleySocket, RealtimeContext } from "./context.js";
import { personalRoom } from "./socket-rooms.js";

/**
 * Online with the first socket, offline with the last, told to everyone in the
 * next batch (see PresenceBatch). Returns what tracks a new socket; its
 * disconnect listener is one function for every socket (the socket is
 * `this`), not a closure each.
 */
export function presenceTracker(ctx: RealtimeContext): (socket: ParleySocket) => void {
  function disconnecting(this: ParleySocket): void {
    const { username } = this.data.user;
    if (ctx.presence.disconnect(username, this.id)) {
      ctx.presenceBatch.record({ username, status: "offline" });
    }
  }
  return (socket) => {
    const { user } = socket.data;
    void socket.join(personalRoom(user.username));
    if (ctx.presence.connect(user.username, socket.id)) {
      // The batch goes to everyone, this socket too: its SDK counts its own user online anyway.
      ctx.presenceBatch.record({ username: user.username, status: "online" });
    }
    socket.on("disconnecting", disconnecting);
  };
}

/** Away when the client says so; who is here. */
export const presenceRequests: RequestHandlers = {
  "presence:set": (ctx, socket, { status }) => {
    const { user } = socket.data;
    if (ctx.presence.setStatus(user.username, status)) {
      ctx.presenceBatch.record({ username: user.username, status });
    }
    return Promise.resolve(ok({}));
  },

  "presence:list": (ctx) => Promise.resolve(ok({ users: ctx.presence.online(), away: ctx.presence.away() })),
};
