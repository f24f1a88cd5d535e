import { createHistogram } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { nowMicros } from "../load/tagged-text.ts";
import { COMPLETE_SHARE, P99_LIMIT_MS } from "../plan.ts";
import { serverLabel } from "../servers/launch.ts";
import { hostStealSeconds } from "./host-steal.ts";
import type { Rig } from "./rig.ts";

export interface Step {
  /** Messages sent per second, all senders together. */
  rate: number;
  sent: number;
  /** Sends the server took (Parley acknowledges each; the others take everything). */
  accepted: number;
  /** Messages that reached a receiver, and how many should have. */
  delivered: number;
  expected: number;
  deliveredPerSecond: number;
  /** End-to-end latency, send to receipt, in milliseconds. */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** The server's CPU time over the step, in cores (1 = one core busy). */
  serverCores: number;
  /** CPU time the hypervisor took from the machine over the step, in cores. */
  stolenCores: number;
  /**
   * How busy the busiest receiver thread was over the step (1 = always). Near
   * 1, the step measured the receivers more than the server.
   */
  receiversBusy: number;
  /** p99 under the limit and every message delivered. */
  passed: boolean;
}

export interface Ladder {
  steps: Step[];
  /** The step with the highest delivery rate that passed. */
  best: Step | null;
}

/** Failed steps in a row that end the climb: one can be a stray pause. */
const FAILURES_TO_STOP = 2;
/**
 * Tries of a rate before it counts as failed. On a shared virtual machine the
 * host sometimes stalls every process for a moment (steal time), which fails
 * a step at a rate the server handles easily; the same rate is tried again,
 * for every server alike, and the last try counts.
 */
const TRIES_PER_RATE = 2;
/**
 * A failed step during which the host took more than this (in cores) says
 * more about the host than the server: it is run again without using up a
 * try, up to MAX_STOLEN_RERUNS times per rate.
 */
const STOLEN_CORES_LIMIT = 0.05;
const MAX_STOLEN_RERUNS = 3;
/**
 * Past the plan's last rate, the climb goes on up by a fifth at a time (at
 * most `plan.extraSteps` steps): it should end where the server does, not
 * where the list does (on a calm, fast host every server can pass the whole list).
 */
const GROWTH = 1.2;

let stepNumber = 0;

/**
 * Raises the send rate step by step, on every rig in turn, until each fails
 * at two rates in a row (each tried twice). The servers climb side by side,
 * each rate measured on one after the other, so a host that slows down over
 * minutes (a shared virtual machine does) slows them all alike and their
 * ratios hold. Each rate starts with the next rig in the order, so none is
 * always measured right after another.
 */
export async function climb(rigs: Rig[], rates: number[], log: (line: string) => void): Promise<Ladder[]> {
  // Not counted: the first seconds of a fresh process run cold code (JIT) and grow its heap.
  for (const rig of rigs) await runStep(rig, rates[0] ?? 1);
  const climbs = rigs.map((rig) => ({ rig, steps: [] as Step[], failures: 0 }));
  const extraSteps = rigs[0]?.plan.extraSteps ?? 0;
  let round = 0;
  for (const rate of rising(rates, extraSteps)) {
    const climbing = climbs.filter((c) => c.failures < FAILURES_TO_STOP);
    if (climbing.length === 0) break;
    const first = round++ % climbing.length;
    for (const c of [...climbing.slice(first), ...climbing.slice(0, first)]) {
      const label = serverLabel(c.rig.server).padEnd(10);
      const step = await tryRate(c.rig, rate, (line) => log(`${label}${line}`));
      c.steps.push(step);
      log(`${label}${describe(step)}${step.passed ? "" : "  FAILED"}`);
      c.failures = step.passed ? 0 : c.failures + 1;
    }
  }
  return climbs.map(({ steps }) => ({ steps, best: highestPassed(steps) }));
}

function highestPassed(steps: Step[]): Step | null {
  return steps
    .filter((step) => step.passed)
    .reduce<Step | null>((a, b) => (a && a.deliveredPerSecond >= b.deliveredPerSecond ? a : b), null);
}

/** The plan's rates, then on up (see GROWTH), each rounded up to two significant digits. */
function* rising(listed: number[], extraSteps: number): Generator<number> {
  yield* listed;
  let rate = listed.at(-1) ?? 1;
  for (let extra = 0; extra < extraSteps; extra++) {
    const unit = 10 ** Math.max(0, Math.floor(Math.log10(rate * GROWTH)) - 1);
    rate = Math.ceil((rate * GROWTH) / unit) * unit;
    yield rate;
  }
}

/** Runs a rate until it passes or its tries are used up (see TRIES_PER_RATE); the last try counts. */
async function tryRate(rig: Rig, rate: number, log: (line: string) => void): Promise<Step> {
  let tries = 1;
  let reruns = 0;
  for (;;) {
    const step = await runStep(rig, rate);
    if (step.passed) return step;
    const stolen = step.stolenCores > STOLEN_CORES_LIMIT && reruns < MAX_STOLEN_RERUNS;
    if (!stolen && tries >= TRIES_PER_RATE) return step;
    if (stolen) reruns += 1;
    else tries += 1;
    log(`${describe(step)}  FAILED, ${stolen ? "the host took the CPU; again" : "trying again"}`);
  }
}

function describe(step: Step): string {
  return (
    `  ${String(step.rate).padStart(5)} sends/s: ${Math.round(step.deliveredPerSecond)} delivered/s, ` +
    `p50 ${step.p50.toFixed(1)} p99 ${step.p99.toFixed(1)} ms, ${(step.delivered / Math.max(1, step.expected)).toFixed(3)} delivered, ` +
    `server ${step.serverCores.toFixed(2)} cores, receivers busy ${step.receiversBusy.toFixed(2)}, host stole ${step.stolenCores.toFixed(2)}`
  );
}

async function runStep({ plan, server, receivers, senders, rooms, fanOut }: Rig, rate: number): Promise<Step> {
  const step = ++stepNumber;
  await receivers.ask("measure", { step });
  const cpuBefore = await server.cpu();
  const stolenBefore = hostStealSeconds();
  const started = performance.now();
  const startedAt = nowMicros();
  const share = rate / senders.all.length;
  const sends = await senders.ask("send", { step, rate: share, durationMs: plan.stepMs, rooms });
  const sent = sends.reduce((sum, answer) => sum + answer.sent, 0);
  const accepted = sends.reduce((sum, answer) => sum + answer.accepted, 0);
  const sendMs = Math.max(...sends.map((answer) => answer.ms));
  const expected = accepted * fanOut;
  // Stragglers: wait until everything arrived, or the settle time is up.
  const settleUntil = performance.now() + plan.settleMs;
  while (performance.now() < settleUntil) {
    const counts = await receivers.ask("count", null);
    if (counts.reduce((sum, count) => sum + count.delivered, 0) >= expected) break;
    await sleep(50);
  }
  const elapsedMs = performance.now() - started;
  const cpuAfter = await server.cpu();
  const stolenCores = ((hostStealSeconds() - stolenBefore) * 1000) / Math.max(1, elapsedMs);
  const collected = await receivers.ask("collect", null);
  const latency = createHistogram();
  for (const part of collected) latency.add(part.latency);
  const delivered = collected.reduce((sum, part) => sum + part.delivered, 0);
  // Over the step, or until the last straggler if the server fell behind.
  const lastAt = Math.max(...collected.map((part) => part.lastAt));
  const deliverySeconds = Math.max(plan.stepMs * 1000, lastAt - startedAt) / 1e6;
  const ms = (micros: number) => micros / 1000;
  const p99 = delivered > 0 ? ms(latency.percentile(99)) : Infinity;
  return {
    rate,
    sent,
    accepted,
    delivered,
    expected,
    deliveredPerSecond: delivered / deliverySeconds,
    p50: delivered > 0 ? ms(latency.percentile(50)) : Infinity,
    p95: delivered > 0 ? ms(latency.percentile(95)) : Infinity,
    p99,
    max: delivered > 0 ? ms(latency.max) : Infinity,
    serverCores: (cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system) / 1000 / Math.max(1, elapsedMs),
    stolenCores,
    receiversBusy: Math.max(...collected.map((part) => part.busy)),
    passed:
      p99 < P99_LIMIT_MS &&
      // The senders kept to the schedule, the server took every send, and they all arrived.
      sendMs <= plan.stepMs / COMPLETE_SHARE &&
      accepted === sent &&
      delivered >= expected * COMPLETE_SHARE,
  };
}
