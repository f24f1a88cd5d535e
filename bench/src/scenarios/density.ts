import { DEFAULT_ROOM_ID } from "@parley/protocol";
import { setTimeout as sleep } from "node:timers/promises";
import { LoadWorkers } from "../load/load-worker.ts";
import type { ServerKind } from "../servers/launch.ts";
import type { BenchContext } from "./context.ts";
import { connectAll } from "./fan-out.ts";

export interface DensityLevel {
  connections: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** Memory of Buffers and other objects outside the V8 heap. */
  externalBytes: number;
  /** Above the idle server's own, per connection. */
  rssPerConnection: number;
  heapPerConnection: number;
}

export interface DensityResult {
  server: ServerKind;
  baseline: { rssBytes: number; heapUsedBytes: number; externalBytes: number };
  levels: DensityLevel[];
  /** Every connection at a level was open at once. */
  held: number;
  storm: { clients: number; ms: number; perSecond: number };
}

/** Threads the clients are spread over: ten thousand connections are a lot for one. */
const CLIENT_THREADS = 2;
/** Connections per Parley account: ten thousand sign-ups would take minutes of argon2. */
const CONNECTIONS_PER_ACCOUNT = 10;
/** Time for a level's handshakes and room joins to finish before memory is read. */
const QUIET_MS = 2000;

/**
 * Scenario 3: idle connections, in one room, added level by level; the
 * server's memory (after full collections) per connection at each. Then a
 * reconnect storm: all connections dropped, and `storm` clients connecting
 * at the same moment, as after a network blip.
 */
export async function density(
  bench: BenchContext,
  kind: ServerKind,
  log: (line: string) => void,
): Promise<DensityResult> {
  const { levels, storm } = bench.plan.density;
  const server = await bench.launch(kind);
  const clients = new LoadWorkers(CLIENT_THREADS);
  try {
    const most = Math.max(...levels);
    const peers = await bench.peers(server, most, () => [DEFAULT_ROOM_ID], 0, CONNECTIONS_PER_ACCOUNT);
    await sleep(QUIET_MS);
    const idle = await server.memory();
    const baseline = { rssBytes: idle.rss, heapUsedBytes: idle.heapUsed, externalBytes: idle.external };
    log(`  ${kind}: idle, RSS ${mb(idle.rss)} MB, heap ${mb(idle.heapUsed)} MB, external ${mb(idle.external)} MB`);
    const measured: DensityLevel[] = [];
    let held = 0;
    for (const level of levels) {
      const opened = await connectAll(
        clients,
        kind,
        server.url,
        peers.slice(held, level),
        bench.plan.connectConcurrency,
      );
      held += opened.connected;
      await sleep(QUIET_MS);
      const memory = await server.memory();
      measured.push({
        connections: held,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        externalBytes: memory.external,
        rssPerConnection: (memory.rss - baseline.rssBytes) / held,
        heapPerConnection: (memory.heapUsed - baseline.heapUsedBytes) / held,
      });
      log(
        `  ${kind}: ${held} connections, RSS ${mb(memory.rss)} MB, heap ${mb(memory.heapUsed)} MB, external ${mb(memory.external)} MB, ` +
          `${kb(measured.at(-1)!.rssPerConnection)} KB RSS and ${kb(measured.at(-1)!.heapPerConnection)} KB heap each`,
      );
    }
    await clients.ask("close", null);
    await sleep(QUIET_MS);
    const stormed = await connectAll(clients, kind, server.url, peers.slice(0, storm), storm);
    const perSecond = storm / (stormed.ms / 1000);
    log(
      `  ${kind}: reconnect storm of ${storm}: all connected in ${Math.round(stormed.ms)} ms, ${Math.round(perSecond)}/s`,
    );
    return { server: kind, baseline, levels: measured, held, storm: { clients: storm, ms: stormed.ms, perSecond } };
  } finally {
    await clients.stop();
    await server.stop();
  }
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
