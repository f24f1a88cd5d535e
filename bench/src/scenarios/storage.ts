import { DEFAULT_ROOM_ID } from "@parley/protocol";
import { LoadWorkers } from "../load/load-worker.ts";
import { ENGINE_NAMES, type Engine } from "../servers/engines.ts";
import { diskBytes } from "../storage/disk-writes.ts";
import { databaseBytes, settle } from "../storage/engine-settle.ts";
import { startWriteMeter, type WrittenBytes } from "../storage/write-meter.ts";
import type { BenchContext } from "./context.ts";
import { connectAll } from "./fan-out.ts";

export interface StorageRun {
  engine: Engine;
  lanes: number;
  durationMs: number;
  /** Messages stored before the window, to measure a grown database. */
  preloaded: number;
  acknowledged: number;
  refused: number;
  /** Messages acknowledged per second; each acknowledgement follows its durable commit. */
  perSecond: number;
  /** Send to acknowledgement, in milliseconds. */
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  /** Written to disk over the window and the checkpoint after it (see write-meter.ts). */
  written: WrittenBytes;
  bytesPerMessage: number;
  /** Read from the disk by the Parley server over the window (page-cache misses). */
  serverReadBytes: number;
  /** The server's CPU over the window, in cores, and how long its event loop was held up. */
  serverCores: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** The database on disk after the window. */
  databaseBytes: number;
}

export interface StorageResult {
  runs: StorageRun[];
}

/** Unmeasured sends first: a fresh process runs cold code (JIT). */
const WARM_UP_MS = 1000;
/** A preload never ends on time; it ends at its count. */
const PRELOAD_TIME_LIMIT_MS = 3_600_000;

/**
 * Scenario 4: how many messages a second Parley commits durably, on each
 * engine in turn, in the same run, each on a database of its own. The
 * senders keep `lanes` sends outstanding, each lane sending its next message
 * when the last is acknowledged, and no one else is connected, so the store
 * is what limits. Parley acknowledges only after the commit is on disk.
 */
export async function storage(
  bench: BenchContext,
  engines: readonly Engine[],
  preload: number,
  log: (line: string) => void,
): Promise<StorageResult> {
  const runs: StorageRun[] = [];
  for (const engine of engines) runs.push(await storageOn(bench, engine, preload, log));
  return { runs };
}

async function storageOn(
  bench: BenchContext,
  engine: Engine,
  preload: number,
  log: (line: string) => void,
): Promise<StorageRun> {
  const { lanes, durationMs } = bench.plan.storage;
  const database = await bench.database(engine, preload > 0 ? `storage_${preload}` : "storage");
  const server = await bench.launch("parley", database);
  const senders = new LoadWorkers(1);
  const room = DEFAULT_ROOM_ID;
  try {
    const peers = await bench.peers(server, bench.plan.senders, () => [room]);
    await connectAll(senders, "parley", server.url, peers, bench.plan.connectConcurrency);
    if (preload > 0) {
      const started = performance.now();
      await senders.ask("flood", { lanes, durationMs: PRELOAD_TIME_LIMIT_MS, room, limit: preload });
      const seconds = (performance.now() - started) / 1000;
      log(`  storage, ${ENGINE_NAMES[engine]}: preloaded ${preload} messages in ${Math.round(seconds)} s`);
    }
    await senders.ask("flood", { lanes, durationMs: WARM_UP_MS, room });
    await settle(database);

    const meter = startWriteMeter(server.pid, database.postgres?.name);
    const readBefore = diskBytes(server.pid, "read_bytes") ?? 0;
    const cpuBefore = await server.cpu();
    await server.loopDelay();
    const [flood] = await senders.ask("flood", { lanes, durationMs, room });
    const cpuAfter = await server.cpu();
    const loop = await server.loopDelay();
    const serverReadBytes = (diskBytes(server.pid, "read_bytes") ?? 0) - readBefore;
    await settle(database);
    const written = meter.stop();

    const { accepted, refused, latency } = flood!;
    const ms = (micros: number) => micros / 1000;
    const run: StorageRun = {
      engine,
      lanes,
      durationMs,
      preloaded: preload,
      acknowledged: accepted,
      refused,
      perSecond: accepted / (durationMs / 1000),
      ackP50Ms: accepted > 0 ? ms(latency.percentile(50)) : Infinity,
      ackP99Ms: accepted > 0 ? ms(latency.percentile(99)) : Infinity,
      ackMaxMs: accepted > 0 ? ms(latency.max) : Infinity,
      written,
      bytesPerMessage: written.total / Math.max(1, accepted),
      serverReadBytes,
      serverCores: (cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system) / 1000 / durationMs,
      loopDelayP99Ms: loop.p99Ms,
      loopDelayMaxMs: loop.maxMs,
      databaseBytes: await databaseBytes(database),
    };
    log(describe(run));
    return run;
  } finally {
    await senders.stop();
    await server.stop();
  }
}

function describe(run: StorageRun): string {
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  return (
    `  storage, ${ENGINE_NAMES[run.engine]}: ${Math.round(run.perSecond)} durable messages/s (${run.lanes} in flight, ` +
    `${run.refused} refused), ack p50 ${run.ackP50Ms.toFixed(1)} p99 ${run.ackP99Ms.toFixed(1)} ms, ` +
    `${kb(run.bytesPerMessage)} KB written per message (server ${kb(run.written.server / Math.max(1, run.acknowledged))}, ` +
    `database ${kb((run.written.databaseBackends + run.written.databaseShared) / Math.max(1, run.acknowledged))}), ` +
    `server read ${kb(run.serverReadBytes)} KB from disk, loop delay p99 ${run.loopDelayP99Ms.toFixed(1)} ms, ` +
    `server ${run.serverCores.toFixed(2)} cores, database ${(run.databaseBytes / 2 ** 20).toFixed(1)} MB`
  );
}
