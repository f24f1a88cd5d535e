/**
 * A load worker: a thread of the load-generator process that holds
 * connections, sends, and times what arrives. Driven by LoadWorker.
 */
import { createHistogram } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { parentPort } from "node:worker_threads";
import { connect, type Connection } from "./clients.ts";
import type { CommandName, Commands, Reply, Request } from "./commands.ts";
import { nowMicros, readTag, taggedText } from "./tagged-text.ts";

type Handlers = { [C in CommandName]: (args: Commands[C]["args"]) => Promise<Commands[C]["answer"]> };

const newHistogram = () => createHistogram({ lowest: 1, highest: 120_000_000, figures: 3 });

let connections: Connection[] = [];
let step = -1;
let delivered = 0;
let latency = newHistogram();
let lastAt = 0;
let loopAtStart = performance.eventLoopUtilization();

function onText(text: string): void {
  const tag = readTag(text);
  if (tag?.step !== step) return;
  delivered++;
  lastAt = nowMicros();
  latency.record(Math.max(1, lastAt - tag.sentAt));
}

const handlers: Handlers = {
  async connect({ kind, url, peers, concurrency }) {
    const started = performance.now();
    let next = 0;
    let failed = 0;
    let firstError: string | null = null;
    // In the peers' order: a sender's place says which room it posts to.
    const opened: (Connection | undefined)[] = [];
    const lane = async () => {
      while (next < peers.length) {
        const index = next++;
        try {
          opened[index] = await connect(kind, url, peers[index]!, onText);
        } catch (error) {
          failed++;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    const connected = opened.filter((connection) => connection !== undefined);
    connections.push(...connected);
    return { connected: connected.length, failed, firstError, ms: performance.now() - started };
  },

  measure(args) {
    step = args.step;
    delivered = 0;
    lastAt = 0;
    latency = newHistogram();
    loopAtStart = performance.eventLoopUtilization();
    return Promise.resolve(null);
  },

  count: () => Promise.resolve({ delivered }),

  collect: () =>
    Promise.resolve({
      delivered,
      latency,
      lastAt,
      busy: performance.eventLoopUtilization(loopAtStart).utilization,
    }),

  async send({ step: sendStep, rate, durationMs, rooms }) {
    const answers: Promise<boolean>[] = [];
    const total = Math.round((rate * durationMs) / 1000);
    const started = performance.now();
    // Open loop: messages go out on schedule, whether or not earlier ones were answered.
    while (answers.length < total) {
      const due = Math.min(total, Math.ceil((rate * (performance.now() - started)) / 1000));
      while (answers.length < due) {
        const n = answers.length;
        answers.push(connections[n % connections.length]!.send(rooms[n % rooms.length]!, taggedText(sendStep)));
      }
      await sleep(1);
    }
    const ms = performance.now() - started;
    const accepted = (await Promise.all(answers)).filter(Boolean).length;
    return { sent: answers.length, accepted, ms };
  },

  async flood({ lanes, durationMs, room, limit = Infinity }) {
    let accepted = 0;
    let refused = 0;
    let sent = 0;
    const acks = newHistogram();
    const until = performance.now() + durationMs;
    const lane = async (connection: Connection) => {
      while (performance.now() < until && sent < limit) {
        sent++;
        const sentAt = performance.now();
        // Step 0: no ladder step is measuring it.
        const taken = await connection.send(room, taggedText(0));
        // Only what was acknowledged within the time counts.
        if (performance.now() > until) break;
        if (taken) {
          accepted++;
          acks.record(Math.max(1, Math.round((performance.now() - sentAt) * 1000)));
        } else refused++;
      }
    };
    await Promise.all(Array.from({ length: lanes }, (_, i) => lane(connections[i % connections.length]!)));
    return { accepted, refused, latency: acks };
  },

  close() {
    for (const connection of connections) connection.close();
    connections = [];
    return Promise.resolve(null);
  },
};

parentPort?.on("message", (request: Request) => {
  const handler = handlers[request.command] as (args: unknown) => Promise<unknown>;
  handler(request.args).then(
    (answer) => parentPort?.postMessage({ id: request.id, answer } satisfies Reply),
    (error: unknown) =>
      parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
