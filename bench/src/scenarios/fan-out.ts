import { DEFAULT_ROOM_ID } from "@parley/protocol";
import type { ClientKind } from "../load/clients.ts";
import type { LoadWorkers } from "../load/load-worker.ts";
import type { Engine } from "../servers/engines.ts";
import { serverName, type ServerKind } from "../servers/launch.ts";
import type { BenchContext } from "./context.ts";
import { climb, type Ladder } from "./ladder.ts";
import { sideBySide, type Prepare, type Target } from "./rig.ts";

export interface FanOutResult {
  server: ServerKind;
  /** Parley's store (absent in results written before PostgreSQL was measured: SQLite). */
  engine?: Engine | null;
  clients: ClientKind;
  receivers: number;
  ladder: Ladder;
}

/**
 * Scenario 1: N receivers in one room, the senders in it too, the send rate
 * rising, on each server side by side (Parley on SQLite, and on PostgreSQL
 * when the targets say so). `clients` picks the receivers: the light client
 * of each server's kind, or Parley's SDK.
 */
export async function fanOut(
  bench: BenchContext,
  targets: readonly Target[],
  receiverCount: number,
  rates: number[],
  log: (line: string) => void,
  clients?: ClientKind,
): Promise<FanOutResult[]> {
  const room = DEFAULT_ROOM_ID;
  const clientsOf = (kind: ServerKind) => clients ?? kind;
  const prepare: Prepare = async (server, { receivers, senders }) => {
    const kind = clientsOf(server.kind);
    const { plan } = bench;
    const senderPeers = await bench.peers(server, plan.senders, () => [room]);
    const receiverPeers = await bench.peers(server, receiverCount, () => [room], plan.senders);
    await connectAll(
      senders,
      kind === "parley-sdk" ? "parley" : kind,
      server.url,
      senderPeers,
      plan.connectConcurrency,
    );
    await connectAll(receivers, kind, server.url, receiverPeers, plan.connectConcurrency);
    return { rooms: [room], fanOut: receiverCount };
  };
  log(
    `fan-out, one room of ${receiverCount}: ${targets.map((target) => `${clientsOf(target.kind)} receivers on ${serverName({ kind: target.kind, engine: target.engine ?? null })}`).join(", ")}`,
  );
  return sideBySide(bench, targets, prepare, async (rigs) => {
    const ladders = await climb(rigs, rates, log);
    return rigs.map((rig, i) => ({
      server: rig.server.kind,
      engine: rig.server.engine,
      clients: clientsOf(rig.server.kind),
      receivers: receiverCount,
      ladder: ladders[i]!,
    }));
  });
}

/** Connects every peer, or throws: a benchmark with missing clients would measure something else. */
export async function connectAll(
  workers: LoadWorkers,
  kind: ClientKind,
  url: string,
  peers: Parameters<LoadWorkers["connect"]>[0]["peers"],
  concurrency: number,
) {
  const result = await workers.connect({ kind, url, peers, concurrency });
  if (result.failed > 0) {
    throw new Error(`${result.failed} of ${peers.length} ${kind} clients could not connect: ${result.firstError}`);
  }
  return result;
}
