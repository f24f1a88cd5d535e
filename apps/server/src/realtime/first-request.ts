import { ServerResponse, type IncomingMessage } from "node:http";
import type { ParleyServer } from "./context.js";

/**
 * Socket.IO keeps each connection's first HTTP request for as long as the
 * connection lasts (Express sessions need it), kilobytes per idle connection
 * (Socket.IO's memory-usage guide). Parley reads only a few of its headers
 * and the peer's address, in the handshake, which can run again on the same
 * connection (a namespace CONNECT after a DISCONNECT). So each connection
 * keeps just those, and the request (and its other headers: user agents,
 * languages, WebSocket keys) goes.
 *
 * A WebSocket upgrade request has a second holder: engine.io answers it with a
 * stand-in response (for middlewares) that the TCP socket keeps until it
 * closes, and the stand-in keeps the request. Once the upgrade's headers are
 * written the stand-in has nothing left to do with it, so it lets go then.
 */
export function keepOnlyWhatHandshakesRead(io: ParleyServer): void {
  const upgradeResponses = new WeakMap<IncomingMessage, UpgradeResponse>();
  io.engine.use((request: IncomingMessage, response: ServerResponse | UpgradeResponse, next: () => void) => {
    if (!(response instanceof ServerResponse)) upgradeResponses.set(request, response);
    next();
  });
  io.engine.on("headers", (_headers: unknown, request: IncomingMessage) => {
    const response = upgradeResponses.get(request);
    if (response) response.req = null;
  });
  io.engine.on("connection", (connection: { request: IncomingMessage }) => {
    connection.request = summaryOf(connection.request);
  });
}

/** engine.io's `WebSocketResponse`: what its middlewares get for an upgrade, holding the request. */
interface UpgradeResponse {
  req: IncomingMessage | null;
}

/** What handshakes read: the credentials, the origin (Socket.IO's `xdomain`) and the proxy's client address. */
const KEPT_HEADERS = ["authorization", "cookie", "origin", "host", "x-forwarded-for"] as const;

function summaryOf(request: IncomingMessage): IncomingMessage {
  const { remoteAddress, encrypted } = request.socket as IncomingMessage["socket"] & { encrypted?: boolean };
  const peer = { remoteAddress, encrypted };
  const summary = {
    headers: Object.fromEntries(
      KEPT_HEADERS.filter((name) => name in request.headers).map((name) => [name, request.headers[name]]),
    ),
    url: request.url,
    // Read by Socket.IO's handshake (the query) and proxy-addr (the address).
    _query: (request as IncomingMessage & { _query?: unknown })._query,
    socket: peer,
    connection: peer,
  };
  return summary as unknown as IncomingMessage;
}
