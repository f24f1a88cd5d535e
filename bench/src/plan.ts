/** How big and how long each scenario runs: a quick look while developing, or the full run that is published. */
export interface Plan {
  mode: "quick" | "full";
  /** Load-generator threads that receive, and how many connections each opens at once. */
  receiverThreads: number;
  connectConcurrency: number;
  senders: number;
  /** How long each rate is held, and how long stragglers may take to arrive after it. */
  stepMs: number;
  settleMs: number;
  /** How many rates past a list's last the climb may go on to (see ladder.ts); quick mode stays short. */
  extraSteps: number;
  /** Scenario 1: one room of N, sends per second rising until p99 fails twice. */
  fanOut: { clients: number; rates: number[] }[];
  /** Scenario 2: many small rooms, each with a sender of its own. */
  manyRooms: { rooms: number; perRoom: number; rates: number[] } | null;
  /** Scenario 3: idle connections held, and a reconnect storm. */
  density: { levels: number[]; storm: number };
  /** Scenario 4: durable commits per second under load. */
  storage: { lanes: number; durationMs: number };
  /** The SDK as receiver, one room of N. */
  sdk: { clients: number; rates: number[] } | null;
}

/** The target the ladders look for: the highest rate whose p99 stays under it. */
export const P99_LIMIT_MS = 50;
/** A step whose deliveries fall short of this share of what was sent failed too. */
export const COMPLETE_SHARE = 0.99;

export const plans: Record<Plan["mode"], Plan> = {
  quick: {
    mode: "quick",
    receiverThreads: 1,
    connectConcurrency: 50,
    senders: 10,
    stepMs: 2000,
    settleMs: 1500,
    extraSteps: 2,
    fanOut: [{ clients: 100, rates: [100, 200, 300, 400, 500, 600, 800, 1000] }],
    manyRooms: { rooms: 20, perRoom: 10, rates: [500, 1000, 2000, 3000] },
    density: { levels: [1000], storm: 1000 },
    storage: { lanes: 100, durationMs: 3000 },
    sdk: null,
  },
  full: {
    mode: "full",
    receiverThreads: 1,
    connectConcurrency: 50,
    senders: 10,
    stepMs: 5000,
    settleMs: 3000,
    extraSteps: 12,
    fanOut: [
      { clients: 100, rates: [100, 150, 200, 250, 300, 350, 400, 450, 500, 600, 700, 800, 900, 1000, 1200] },
      { clients: 1000, rates: [10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 90, 100, 120] },
    ],
    manyRooms: { rooms: 100, perRoom: 10, rates: [500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 5000, 6000, 8000] },
    density: { levels: [1000, 5000, 10_000], storm: 1000 },
    storage: { lanes: 100, durationMs: 10_000 },
    sdk: { clients: 100, rates: [10, 20, 30, 40, 50, 60, 80, 100, 150, 200] },
  },
};
