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
 * waiting for anyone, and the WAL starts over once it has all been copied.
 */
export interface Checkpointer {
  /** A last checkpoint, then the thread ends. */
  stop(): Promise<void>;
}

// The worker is plain JavaScript so it runs the same from sources and from dist/.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
// A checkpoint that fails loses nothing: the WAL keeps the data, and the next one tries again.
const checkpoint = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {}
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on("message", () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

export function startCheckpointer(path: string, everyMs: number): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER, { eval: true, workerData: { path, everyMs, driver } });
  return {
    async stop() {
      const stopped = new Promise<void>((resolve) => {
        worker.on("message", (message: { stopped?: boolean }) => {
          if (message.stopped) resolve();
        });
        worker.once("exit", () => resolve());
      });
      worker.postMessage("stop");
      await stopped;
      await worker.terminate();
    },
  };
}
