import { boundary, type RequestHandlers } from "./boundary.js";
import type { RealtimeContext } from "./context.js";
import { directMessageRequests } from "./direct-messages.js";
import { keepOnlyWhatHandshakesRead } from "./first-request.js";
import { authenticate } from "./handshake.js";
import { messageRequests } from "./messages.js";
import { presenceRequests, presenceTracker } from "./presence.js";
import { readRequests } from "./reads.js";
import { roomRequests } from "./rooms.js";
import { searchRequests } from "./search.js";
import { subscribe } from "./subscriptions.js";
import { typingRequests } from "./typing.js";

/** Every request a client may make, by domain. */
const requestHandlers: RequestHandlers = {
  ...roomRequests,
  ...directMessageRequests,
  ...readRequests,
  ...messageRequests,
  ...searchRequests,
  ...typingRequests,
  ...presenceRequests,
};

export function attachRealtime(ctx: RealtimeContext): void {
  const listen = boundary(ctx, requestHandlers);
  const trackPresence = presenceTracker(ctx);
  keepOnlyWhatHandshakesRead(ctx.io);
  ctx.io.use(authenticate(ctx.sessions, ctx.limits.handshakesPerIp, ctx.clientAddress));
  ctx.io.on("connection", (socket) => {
    subscribe(ctx, socket);
    trackPresence(socket);
    listen(socket);
  });
}
