/**
 * Preloaded into every server under test (`node --import probe.ts`), so the
 * benchmark reads each one's memory and CPU the same way, from inside, over
 * the IPC channel it was started with.
 */
import process from "node:process";

export type ProbeRequest = "memory" | "cpu";

process.on("message", (request: ProbeRequest) => {
  if (request === "memory") {
    // Twice: the first collection can leave garbage that finalizers freed.
    globalThis.gc?.();
    globalThis.gc?.();
    process.send?.({ memory: process.memoryUsage() });
  } else if (request === "cpu") {
    process.send?.({ cpu: process.cpuUsage() });
  }
});
// The channel must not keep a server alive that is shutting down.
process.channel?.unref();
