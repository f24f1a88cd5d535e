/**
 * Preloaded into every server under test (`node --import probe.ts`), so the
 * benchmark reads each one's memory and CPU the same way, from inside, over
 * the IPC channel it was started with.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import process from "node:process";

export type ProbeRequest = "memory" | "cpu" | "loop";

/** How long the event loop was held up (work, or a synchronous read waiting on the disk), since the last ask. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

process.on("message", (request: ProbeRequest) => {
  if (request === "memory") {
    // V8's last-resort collection: full collections until nothing more is
    // freed (finalizers free more), and the young generation is given back.
    // That generation is empty after a full collection, but it stays as big
    // as the last burst of allocation made it (up to 64 MB), for as long as
    // the process allocates nothing: a reserve sized by past load, not
    // memory that connections hold.
    globalThis.gc?.({ type: "major", execution: "sync", flavor: "last-resort" });
    process.send?.({ memory: process.memoryUsage() });
  } else if (request === "cpu") {
    process.send?.({ cpu: process.cpuUsage() });
  } else if (request === "loop") {
    const ms = (ns: number) => ns / 1e6;
    process.send?.({ loop: { p99Ms: ms(loopDelay.percentile(99)), maxMs: ms(loopDelay.max) } });
    loopDelay.reset();
  }
});
// The channel must not keep a server alive that is shutting down.
process.channel?.unref();
