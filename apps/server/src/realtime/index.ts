import type { RealtimeContext } from "./context.js";
import { registerDirectMessages } from "./direct-messages.js";
import { authenticate } from "./handshake.js";
import { registerMessages } from "./messages.js";
import { registerPresence } from "./presence.js";
import { registerReads } from "./reads.js";
import { registerRooms } from "./rooms.js";
import { registerSearch } from "./search.js";
import { subscribe } from "./subscriptions.js";
import { registerTyping } from "./typing.js";

export function attachRealtime(ctx: RealtimeContext): void {
  ctx.io.use(authenticate(ctx.sessions, ctx.limits.handshakesPerIp, ctx.clientAddress));
  ctx.io.on("connection", (socket) => {
    subscribe(ctx, socket);
    registerPresence(ctx, socket);
    registerRooms(ctx, socket);
    registerDirectMessages(ctx, socket);
    registerReads(ctx, socket);
    registerMessages(ctx, socket);
    registerSearch(ctx, socket);
    registerTyping(ctx, socket);
  });
}
