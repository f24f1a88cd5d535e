import type { IncomingMessage } from "node:http";
import type { ParleyServer } from "./context.js";

/**
 * Socket.IO keeps each connection's first HTTP request for as long as the
 * connection lasts (Express sessions need it), kilobytes per idle connection
 * (Socket.IO's memory-usage guide). Parley reads only a few of its headers
 * and the peer's address, in the handshake, which can run again on the same
 * connection (a namespace CONNECT after a DISCONNECT). So each connection
 * keeps just those, and the request (and its other headers: user agents,
 * languages, WebSocket keys) goes.
 */
export function keepOnlyWhatHandshakesRead(io: ParleyServer): void {
  io.engine.on("connection", (connection: { request: IncomingMessage; transport: { name: string } }) => {
    // A connection that opened as a WebSocket keeps its upgrade request anyway
    // (engine.io's upgrade response holds it until the socket closes): a
    // summary would only add to it. One that opened with long-polling (every
    // browser) would keep a request that has served its purpose.
    if (connection.transport.name === "websocket") return;
    connection.request = summaryOf(connection.request);
  });
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
