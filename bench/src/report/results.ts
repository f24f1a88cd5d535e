import { cpus, release, totalmem } from "node:os";
import type { Plan } from "../plan.ts";
import type { DensityResult } from "../scenarios/density.ts";
import type { FanOutResult } from "../scenarios/fan-out.ts";
import type { ManyRoomsResult } from "../scenarios/many-rooms.ts";
import type { StorageResult } from "../scenarios/storage.ts";

/** Everything one run measured, as written to bench/results/<mode>.json. */
export interface Results {
  mode: Plan["mode"];
  startedAt: string;
  finishedAt: string;
  machine: Machine;
  plan: Plan;
  /** Which clients received, per scenario, in words. */
  clients: string;
  fanOut: FanOutResult[];
  manyRooms: ManyRoomsResult[];
  density: DensityResult[];
  storage: StorageResult | null;
  /** Scenario 1 again, with `@parley/client` as the receivers. */
  sdk: FanOutResult | null;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
}

export function thisMachine(): Machine {
  const processors = cpus();
  return {
    cpu: processors[0]?.model.trim() ?? "unknown",
    cores: processors.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    node: process.version,
  };
}

export const CLIENTS_USED =
  "Receivers and senders are load-generator threads in a separate process from the server. " +
  "Parley and bare Socket.IO: plain socket.io-client 4 over WebSocket that only counts and timestamps " +
  "(Parley's signed in with a bearer token in the handshake, as any client is); raw ws: a ws client. " +
  "The SDK scenario's receivers are @parley/client (validation, ordering, its store).";
