import { DEFAULT_ROOM_ID } from "@parley/protocol";
import type { ClientKind } from "../load/clients.ts";
import { LoadWorkers } from "../load/load-worker.ts";
import type { ServerKind } from "../servers/launch.ts";
import type { BenchContext } from "./context.ts";
import { climb, type Ladder } from "./ladder.ts";

export interface FanOutResult {
  server: ServerKind;
  clients: ClientKind;
  receivers: number;
  ladder: Ladder;
}

/**
 * Scenario 1: N receivers in one room, the senders in it too, the send rate
 * rising. `clients` picks the receivers: the light client of the server's
 * kind, or Parley's SDK.
 */
export async function fanOut(
  bench: BenchContext,
  kind: ServerKind,
  receiverCount: number,
  rates: number[],
  log: (line: string) => void,
  clients: ClientKind = kind,
): Promise<FanOutResult> {
  const { plan } = bench;
  const room = DEFAULT_ROOM_ID;
  const server = await bench.launch(kind);
  const receivers = new LoadWorkers(plan.receiverThreads);
  const senders = new LoadWorkers(1);
  try {
    const senderPeers = await bench.peers(server, plan.senders, () => [room]);
    const receiverPeers = await bench.peers(server, receiverCount, () => [room], plan.senders);
    await connectAll(
      senders,
      clients === "parley-sdk" ? "parley" : clients,
      server.url,
      senderPeers,
      plan.connectConcurrency,
    );
    await connectAll(receivers, clients, server.url, receiverPeers, plan.connectConcurrency);
    log(`fan-out, ${receiverCount} ${clients} receivers on ${kind}`);
    const ladder = await climb({ plan, server, receivers, senders, rooms: [room], fanOut: receiverCount, rates }, log);
    return { server: kind, clients, receivers: receiverCount, ladder };
  } finally {
    await Promise.all([receivers.stop(), senders.stop()]);
    await server.stop();
  }
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
