import { HandshakeAuth, PROTOCOL_VERSION, type ErrorCode, type ProtocolError } from "@parley/protocol";
import { z } from "zod";
import type { ParleySocket, RealtimeContext } from "./context.js";

type Next = (error?: Error) => void;

/**
 * Socket.IO middleware: who is this socket? A refusal reaches the client as
 * `connect_error` with `data: { code, message }`, and no `connection` event runs.
 * Accounts will authenticate here.
 */
export function authenticate(ctx: RealtimeContext) {
  return (socket: ParleySocket, next: Next): void => {
    const auth: unknown = socket.handshake.auth;
    const version = z.object({ protocolVersion: z.unknown() }).safeParse(auth);
    if (version.success && version.data.protocolVersion !== PROTOCOL_VERSION) {
      return next(refusal("unsupported_version", `This server speaks protocol version ${PROTOCOL_VERSION}`));
    }
    const parsed = HandshakeAuth.safeParse(auth);
    if (!parsed.success) return next(refusal("invalid_handshake", z.prettifyError(parsed.error)));

    const { username, deviceKey } = parsed.data;
    if (ctx.presence.isTaken(username, deviceKey)) {
      return next(refusal("username_taken", `Someone else is using the name ${username}`));
    }
    socket.data = { username, deviceKey };
    next();
  };
}

function refusal(code: ErrorCode, message: string): Error & { data: ProtocolError } {
  return Object.assign(new Error(message), { data: { code, message } });
}
