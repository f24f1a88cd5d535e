import { err, ok } from "@parley/protocol";
import { handle } from "./boundary.js";
import type { ParleySocket, RealtimeContext } from "./context.js";
import { personalRoom } from "./presence.js";

export function registerPrivateMessages(ctx: RealtimeContext, socket: ParleySocket): void {
  handle(ctx, socket, "private:send", async ({ to, text }) => {
    // Until accounts exist a name belongs to whoever holds it now, so private
    // messages go only to someone connected, and past ones are not replayed.
    const recipient = ctx.presence.find(to);
    if (recipient === undefined) return err("recipient_offline", `${to} is not online`);
    const from = socket.data.username;
    const message = await ctx.store.savePrivateMessage({ from, to: recipient, text });
    ctx.io.to([personalRoom(from), personalRoom(recipient)]).emit("private:created", message);
    return ok(message);
  });
}
