import { err, ok } from "@parley/protocol";
import { handle } from "./boundary.js";
import type { ParleySocket, RealtimeContext } from "./context.js";
import { announce, isMember } from "./rooms.js";

export function registerMessages(ctx: RealtimeContext, socket: ParleySocket): void {
  handle(ctx, socket, "message:send", async ({ roomId, text }) => {
    if (!isMember(socket, roomId)) return err("forbidden", `Join ${roomId} before posting to it`);
    // Stored before it is broadcast or acknowledged: an ack means it is durable.
    const message = await announce(ctx, { kind: "user", roomId, author: socket.data.user.username, text });
    return ok(message);
  });
}
