import type { IncomingMessage } from "node:http";
import { HandshakeAuth, PROTOCOL_VERSION, type ErrorCode, type ProtocolError } from "@parley/protocol";
import { z } from "zod";
import { tokenFromHeaders } from "../auth/credentials.js";
import type { Sessions } from "../auth/sessions.js";
import type { RateLimiter } from "../limits/rate-limits.js";
import { StoreUnavailable } from "../store/store.js";
import type { ParleySocket } from "./context.js";

type Next = (error?: Error) => void;

/**
 * Socket.IO middleware: who is this socket? A refusal reaches the client as
 * `connect_error` with `data: { code, message }`, and no `connection` event
 * runs. The user comes from the session alone, never from a payload.
 */
export function authenticate(
  sessions: Sessions,
  handshakesPerIp: RateLimiter,
  clientAddress: (request: IncomingMessage) => string,
) {
  return (socket: ParleySocket, next: Next): void => {
    void (async () => {
      const { over, retryAfterMs } = await handshakesPerIp.spend(clientAddress(socket.request));
      if (over > 0) {
        const message = "Too many connections from this address; try again later";
        return next(refusal("rate_limited", message, { retryAfterMs: Math.ceil(retryAfterMs) }));
      }
      const auth: unknown = socket.handshake.auth;
      const version = z.object({ protocolVersion: z.unknown() }).safeParse(auth);
      if (version.success && version.data.protocolVersion !== PROTOCOL_VERSION) {
        return next(refusal("unsupported_version", `This server speaks protocol version ${PROTOCOL_VERSION}`));
      }
      const parsed = HandshakeAuth.safeParse(auth);
      if (!parsed.success) return next(refusal("invalid_handshake", z.prettifyError(parsed.error)));

      const session = await sessions.resume(parsed.data.token ?? tokenFromHeaders(socket.request.headers));
      if (!session) return next(refusal("unauthorized", "Sign in first: no valid session"));
      socket.data = { user: session.user, sessionId: session.id, expiresAt: session.expiresAt };
      // The token has done its job: it does not stay in memory (or in a heap
      // dump) for the life of the connection. A new object rather than a
      // `delete`, which would turn this one into a hash table.
      socket.handshake.auth = { protocolVersion: parsed.data.protocolVersion };
      next();
    })().catch((error: unknown) => {
      if (error instanceof StoreUnavailable) {
        return next(refusal("unavailable", "The database is unavailable just now; try again shortly"));
      }
      next(error instanceof Error ? error : new Error(String(error)));
    });
  };
}

function refusal(
  code: ErrorCode,
  message: string,
  more: Pick<ProtocolError, "retryAfterMs"> = {},
): Error & { data: ProtocolError } {
  return Object.assign(new Error(message), { data: { code, message, ...more } });
}
