import { LoadWorkers } from "../load/load-worker.ts";
import type { Plan } from "../plan.ts";
import type { Engine } from "../servers/engines.ts";
import type { RunningServer, ServerKind } from "../servers/launch.ts";
import type { BenchContext } from "./context.ts";

/** One server under test, with load workers of its own, connected and ready to climb (see ladder.ts). */
export interface Rig {
  plan: Plan;
  server: RunningServer;
  receivers: LoadWorkers;
  senders: LoadWorkers;
  /** The rooms the senders post to, round-robin. */
  rooms: string[];
  /** How many receivers each message should reach. */
  fanOut: number;
}

/** A server to measure; Parley on the given engine (the run's shared database of it), SQLite unless told. */
export interface Target {
  kind: ServerKind;
  engine?: Engine;
}

/** Connects a server's senders and receivers; says where they send and how far each message goes. */
export type Prepare = (
  server: RunningServer,
  workers: { receivers: LoadWorkers; senders: LoadWorkers },
) => Promise<Pick<Rig, "rooms" | "fanOut">>;

/**
 * Starts every server at once, each with its own load workers, so they can
 * be measured side by side, and hands the rigs to `use`. Whatever was
 * started is stopped afterwards, also when one of them failed to start.
 */
export async function sideBySide<T>(
  bench: BenchContext,
  targets: readonly Target[],
  prepare: Prepare,
  use: (rigs: Rig[]) => Promise<T>,
): Promise<T> {
  const started: { server: RunningServer; workers: LoadWorkers[] }[] = [];
  try {
    const rigs: Rig[] = [];
    for (const { kind, engine } of targets) {
      const server = await bench.launch(kind, engine ? await bench.database(engine) : undefined);
      const receivers = new LoadWorkers(bench.plan.receiverThreads);
      const senders = new LoadWorkers(1);
      started.push({ server, workers: [receivers, senders] });
      const { rooms, fanOut } = await prepare(server, { receivers, senders });
      rigs.push({ plan: bench.plan, server, receivers, senders, rooms, fanOut });
    }
    return await use(rigs);
  } finally {
    await Promise.all(
      started.map(async ({ server, workers }) => {
        await Promise.all(workers.map((w) => w.stop()));
        await server.stop();
      }),
    );
  }
}
