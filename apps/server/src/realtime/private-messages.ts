import { err, ok } from "@parley/protocol";
import { handle } from "./boundary.js";
import type { ParleySocket, RealtimeContext } from "./context.js";
import { personalRoom } from "./socket-rooms.js";

export function registerPrivateMessages(ctx: RealtimeContext, socket: ParleySocket): void {
  handle(ctx, socket, "private:send", async ({ to, text }) => {
    // Stored, but not replayed: direct messages with history replace these,
    // so for now a private message goes only to someone connected.
    const recipient = ctx.presence.find(to);
    if (recipient === undefined) return err("recipient_offline", `${to} is not online`);
    const from = socket.data.user.username;
    const message = await ctx.store.savePrivateMessage({ from, to: recipient, text });
    ctx.io.to([personalRoom(from), personalRoom(recipient)]).emit("private:created", message);
    return ok(message);
  });
}
