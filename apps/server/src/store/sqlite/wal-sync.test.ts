import { mkdtempSync, rmSync } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openWalSync, type WalSync } from "./wal-sync.js";

/** An fsync that finishes when the test says so, counting how many began. */
function heldSyncs() {
  const releases: (() => void)[] = [];
  return {
    syncFile: (_file: FileHandle) => new Promise<void>((resolve) => releases.push(resolve)),
    started: () => releases.length,
    finish: (n: number) => releases[n]!(),
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await turn();
  return settled;
}

describe("WAL sync (durable writes off the event loop)", () => {
  const dir = mkdtempSync(join(tmpdir(), "parley-wal-"));
  let wal: WalSync | undefined;
  afterEach(async () => {
    await wal?.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("answers at once when nothing was written since the last fsync", async () => {
    const syncs = heldSyncs();
    wal = await openWalSync(join(dir, "quiet.db-wal"), syncs.syncFile);
    await wal.sync();
    expect(syncs.started()).toBe(0);
  });

  it("answers a write only once its fsync finished, and callers meanwhile share that fsync", async () => {
    const syncs = heldSyncs();
    wal = await openWalSync(join(dir, "one.db-wal"), syncs.syncFile);
    wal.written();
    const first = wal.sync();
    const second = wal.sync();
    expect(syncs.started()).toBe(1);
    expect(await isSettled(first)).toBe(false);
    syncs.finish(0);
    await Promise.all([first, second]);
    expect(syncs.started()).toBe(1);
  });

  it("gives a write made during an fsync the next one, shared by every such write", async () => {
    const syncs = heldSyncs();
    wal = await openWalSync(join(dir, "two.db-wal"), syncs.syncFile);
    wal.written();
    const before = wal.sync();
    wal.written();
    const during = wal.sync();
    wal.written();
    const alsoDuring = wal.sync();
    syncs.finish(0);
    await before;
    expect(await isSettled(during)).toBe(false);
    expect(syncs.started()).toBe(2);
    syncs.finish(1);
    await Promise.all([during, alsoDuring]);
    expect(syncs.started()).toBe(2);
  });

  it("syncs for real", async () => {
    wal = await openWalSync(join(dir, "real.db-wal"));
    wal.written();
    await expect(wal.sync()).resolves.toBeUndefined();
  });
});
