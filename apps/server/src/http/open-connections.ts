import type { Server } from "node:http";
import type { Socket } from "node:net";

export interface OpenConnections {
  /** Ends every connection still open at once; returns how many there were. */
  destroyAll(): number;
}

/**
 * Every TCP connection of the server, upgraded ones (WebSockets) included, so
 * that shutdown can end those whose client never closes its side: Node's
 * http.closeAllConnections() leaves upgraded sockets alone, and ws waits 30 s
 * for an answer to its close frame before it gives up on one. One set entry
 * and one shared listener per connection.
 */
export function trackOpenConnections(server: Server): OpenConnections {
  const open = new Set<Socket>();
  function forget(this: Socket) {
    open.delete(this);
  }
  server.on("connection", (socket) => {
    open.add(socket);
    socket.on("close", forget);
  });
  return {
    destroyAll() {
      const count = open.size;
      for (const socket of open) socket.destroy();
      return count;
    },
  };
}
