import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * Checkpoints run on a worker thread with a connection of their own.
 *
 * A checkpoint copies the WAL into the database file and fsyncs both. Left
 * to SQLite, it runs inside whichever COMMIT takes the WAL past 1,000 pages:
 * on the event loop, stalling every connection's traffic for tens of
 * milliseconds under load (the benchmark's p99 spikes). Here the main
 * connection never checkpoints (`wal_autocheckpoint = 0`), and this thread
 * runs a PASSIVE checkpoint every `everyMs`: it copies what it can without
 * waiting for anyone.
 *
 * The WAL starts over only when a write begins after a checkpoint copied all
 * of it. Under sustained load commits never pause, so that moment never came:
 * the benchmark grew the WAL to 2.2 GB while storing 200,000 messages. Once
 * the WAL is longer than `catchUpBytes`, `caughtUp()` (which the store awaits
 * before its next batch of appends) runs a checkpoint at once and resolves
 * when it is done: with nothing appended meanwhile it copies everything, and
 * the batch's write starts the WAL over.
 */
export interface Checkpointer {
  /** Resolves at once while the WAL is short; else after a checkpoint that caught up with it. */
  caughtUp(): Promise<void>;
  /** A last checkpoint, then the thread ends. */
  stop(): Promise<void>;
}

// The worker is plain JavaScript so it runs the same from sources and from dist/.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
const pageSize = db.pragma("page_size", { simple: true });
// A checkpoint that fails loses nothing: the WAL keeps the data, and the next one tries again.
const checkpoint = (asked) => {
  let report = { asked };
  try {
    const [result] = db.pragma("wal_checkpoint(PASSIVE)");
    report = { asked, walBytes: result.log * pageSize, copiedAll: result.checkpointed === result.log };
  } catch {}
  parentPort.postMessage(report);
};
const timer = setInterval(() => checkpoint(false), workerData.everyMs);
parentPort.postMessage({ ready: true });
parentPort.on("message", (message) => {
  if (message === "now") return checkpoint(true);
  clearInterval(timer);
  checkpoint(false);
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

interface Report {
  /** The thread has its connection and checkpoints from now on. */
  ready?: boolean;
  /** An answer to "now" (a checkpoint caughtUp() asked for), not a periodic one. */
  asked?: boolean;
  walBytes?: number;
  copiedAll?: boolean;
  stopped?: boolean;
}

/** Resolves once the thread has its connection: from then on the WAL is watched (a worker takes a while to start). */
export async function startCheckpointer(path: string, everyMs: number, catchUpBytes: number): Promise<Checkpointer> {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER, { eval: true, workerData: { path, everyMs, driver } });
  let walBytes = 0;
  let catchingUp: Promise<void> | null = null;
  let onReport: ((report: Report) => void) | null = null;
  worker.on("message", (report: Report) => {
    if (report.walBytes !== undefined) walBytes = report.walBytes;
    onReport?.(report);
  });
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  await Promise.race([
    new Promise<void>((resolve) => worker.on("message", (report: Report) => report.ready && resolve())),
    exited,
  ]);

  return {
    caughtUp() {
      if (walBytes <= catchUpBytes) return Promise.resolve();
      catchingUp ??= Promise.race([
        new Promise<void>((resolve) => {
          onReport = (report) => {
            if (!report.asked) return;
            onReport = null;
            // The write this lets through starts the WAL over.
            if (report.copiedAll) walBytes = 0;
            resolve();
          };
          worker.postMessage("now");
        }),
        exited,
      ]).finally(() => (catchingUp = null));
      return catchingUp;
    },
    async stop() {
      const stopped = new Promise<void>((resolve) => {
        worker.on("message", (report: Report) => {
          if (report.stopped) resolve();
        });
      });
      worker.postMessage("stop");
      await Promise.race([stopped, exited]);
      await worker.terminate();
    },
  };
}
