import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";

/**
 * A TCP relay between the server and PostgreSQL that fails as a database that
 * went away does: `cut()` resets every open connection, and every new one
 * until `restore()`.
 */
export interface TcpProxy {
  readonly port: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function createTcpProxy(targetPort: number, targetHost = "127.0.0.1"): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let down = false;

  const server = createServer((downstream) => {
    if (down) {
      // What a client meets while PostgreSQL is not listening.
      downstream.resetAndDestroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    const pair = [downstream, upstream];
    for (const socket of pair) {
      open.add(socket);
      // Either end failing or closing takes the other one down with it.
      socket.on("error", () => pair.forEach((end) => end.destroy()));
      socket.on("close", () => {
        open.delete(socket);
        pair.forEach((end) => end.destroy());
      });
    }
    downstream.pipe(upstream);
    upstream.pipe(downstream);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");

  function dropAll(): void {
    for (const socket of open) socket.resetAndDestroy();
    open.clear();
  }

  return {
    port: (server.address() as AddressInfo).port,
    cut() {
      down = true;
      dropAll();
    },
    restore() {
      down = false;
    },
    async close() {
      dropAll();
      server.close();
      await once(server, "close");
    },
  };
}
