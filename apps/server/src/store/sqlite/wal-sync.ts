import { open, type FileHandle } from "node:fs/promises";

/**
 * Makes committed writes durable without stopping the event loop.
 *
 * SQLite with `synchronous = FULL` fsyncs the write-ahead log inside every
 * COMMIT, and better-sqlite3 runs COMMIT on the event loop: each fsync
 * stalls every connection's traffic. Parley commits with `synchronous =
 * NORMAL` instead (the WAL is written, not synced: a process crash loses
 * nothing, the OS still has it) and syncs the WAL file itself, on libuv's
 * thread pool, before it answers anything. What an acknowledgement promises
 * is the same as FULL's: the write is on disk.
 *
 * Syncs coalesce. `sync()` after a write resolves once an fsync that started
 * after that write has finished; writes made while one fsync runs share the
 * next. A store with nothing written since the last fsync answers at once.
 */
export interface WalSync {
  /** Notes that the database was written to; the next sync() must fsync. */
  written(): void;
  /** Resolves once everything written so far is on disk. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** How the WAL file is synced: the real fsync, or a test's stand-in. */
export type SyncFile = (file: FileHandle) => Promise<void>;

export async function openWalSync(walPath: string, syncFile: SyncFile = (file) => file.sync()): Promise<WalSync> {
  // fsync flushes the file, whichever descriptor wrote it. Append mode never
  // changes it, and creates it if SQLite has not yet.
  const file = await open(walPath, "a");
  let dirty = false;
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;

  function start(): Promise<void> {
    dirty = false;
    running = syncFile(file).finally(() => {
      running = null;
    });
    return running;
  }

  return {
    written() {
      dirty = true;
    },
    sync() {
      if (next) return next;
      if (running) {
        if (!dirty) return running;
        // This write may have come after the running fsync began: it needs the next one.
        next = running
          .catch(() => undefined)
          .then(() => {
            next = null;
            return dirty ? start() : Promise.resolve();
          });
        return next;
      }
      return dirty ? start() : Promise.resolve();
    },
    async close() {
      await (next ?? running)?.catch(() => undefined);
      await file.close();
    },
  };
}
