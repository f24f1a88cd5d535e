import type { RealtimeContext } from "./context.js";
import { authenticate } from "./handshake.js";
import { registerMessages } from "./messages.js";
import { registerPresence } from "./presence.js";
import { registerPrivateMessages } from "./private-messages.js";
import { registerRooms } from "./rooms.js";

export function attachRealtime(ctx: RealtimeContext): void {
  ctx.io.use(authenticate(ctx.sessions, ctx.limits.handshakesPerIp, ctx.clientAddress));
  ctx.io.on("connection", (socket) => {
    registerPresence(ctx, socket);
    registerRooms(ctx, socket);
    registerMessages(ctx, socket);
    registerPrivateMessages(ctx, socket);
  });
}
