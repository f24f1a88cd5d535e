import { DEFAULT_ROOM_ID } from "@parley/protocol";
import { LoadWorkers } from "../load/load-worker.ts";
import type { BenchContext } from "./context.ts";
import { connectAll } from "./fan-out.ts";

export interface StorageResult {
  lanes: number;
  durationMs: number;
  acknowledged: number;
  refused: number;
  /** Messages acknowledged per second; each acknowledgement follows its commit (synchronous=FULL). */
  perSecond: number;
}

/**
 * Scenario 4: how many messages a second Parley commits durably. The
 * senders keep `lanes` sends outstanding, each lane sending its next message
 * when the last is acknowledged, and no one else is connected, so the store
 * is what limits. Parley acknowledges only after the commit, with the
 * synchronous level it ships with.
 */
export async function storage(bench: BenchContext, log: (line: string) => void): Promise<StorageResult> {
  const { lanes, durationMs } = bench.plan.storage;
  const server = await bench.launch("parley");
  const senders = new LoadWorkers(1);
  try {
    const peers = await bench.peers(server, bench.plan.senders, () => [DEFAULT_ROOM_ID]);
    await connectAll(senders, "parley", server.url, peers, bench.plan.connectConcurrency);
    const [result] = await senders.ask("flood", { lanes, durationMs, room: DEFAULT_ROOM_ID });
    const { accepted, refused } = result!;
    const perSecond = accepted / (durationMs / 1000);
    log(`  storage: ${Math.round(perSecond)} durable messages/s (${lanes} in flight, ${refused} refused)`);
    return { lanes, durationMs, acknowledged: accepted, refused, perSecond };
  } finally {
    await senders.stop();
    await server.stop();
  }
}
