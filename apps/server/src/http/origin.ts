import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";

/**
 * May this request act with the user's cookie? Browsers always send Origin on
 * WebSocket upgrades and on cross-site requests, so a foreign page is refused
 * here (cross-site WebSocket hijacking, CSRF). Allowed: no Origin (not a
 * browser: a bearer client), the page's own origin, or an exact entry of the
 * ALLOWED_ORIGINS list.
 */
export function isAllowedOrigin(request: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false; // "null" and other opaque origins
  }
}

/**
 * Engine.IO answers every refused WebSocket upgrade with 400; a foreign page
 * gets 403 here first, as it does on the polling transport. (Engine.IO's own
 * check then finds the socket closed and stays quiet.)
 */
export function refuseForeignUpgrades(http: Server, allowedOrigins: readonly string[]): void {
  http.prependListener("upgrade", (request: IncomingMessage, socket: Duplex) => {
    if (isAllowedOrigin(request, allowedOrigins)) return;
    socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
}
