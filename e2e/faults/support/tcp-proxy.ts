import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";

/**
 * A TCP relay between clients and the server that can fail like a network:
 * `cut(ms)` drops every open connection and turns new ones away until the
 * time is up.
 */
export interface TcpProxy {
  readonly port: number;
  /** e.g. http://127.0.0.1:41234, to give clients instead of the server's address. */
  readonly url: string;
  /** Whether connections are being turned away now. */
  readonly isCut: boolean;
  /** Connections made through the proxy so far (turned-away ones not counted). */
  readonly connections: number;
  /**
   * Drops every connection now and refuses new ones for `ms` (Infinity: until
   * `restore()`); resolves when it lets them in again.
   */
  cut(ms: number): Promise<void>;
  /** Ends a cut early. */
  restore(): void;
  close(): Promise<void>;
}

export async function createTcpProxy(targetPort: number, targetHost = "127.0.0.1"): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let outage: { until: number; timer: NodeJS.Timeout | undefined; restored: Promise<void>; end: () => void } | null =
    null;
  let connections = 0;
  const isCut = () => outage !== null;

  const server = createServer((downstream) => {
    if (isCut()) {
      // A reset, as a host that went away answers.
      downstream.resetAndDestroy();
      return;
    }
    connections += 1;
    const upstream = connect(targetPort, targetHost);
    const pair = [downstream, upstream];
    for (const socket of pair) {
      open.add(socket);
      socket.setNoDelay(true);
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
  const { port } = server.address() as AddressInfo;

  function restore(): void {
    if (outage === null) return;
    clearTimeout(outage.timer);
    outage.end();
    outage = null;
  }

  function dropAll(): void {
    for (const socket of open) socket.resetAndDestroy();
    open.clear();
  }

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    get isCut() {
      return isCut();
    },
    get connections() {
      return connections;
    },
    cut(ms) {
      dropAll();
      const until = Date.now() + ms;
      if (outage === null) {
        let end = () => {};
        const restored = new Promise<void>((resolve) => (end = resolve));
        outage = { until, timer: undefined, restored, end };
      } else if (until <= outage.until) {
        return outage.restored;
      }
      const current = outage;
      clearTimeout(current.timer);
      current.until = until;
      if (Number.isFinite(ms)) current.timer = setTimeout(restore, ms);
      return current.restored;
    },
    restore,
    async close() {
      restore();
      dropAll();
      server.close();
      await once(server, "close");
    },
  };
}
