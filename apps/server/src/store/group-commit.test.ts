import { describe, expect, it } from "vitest";
import { createGroupCommit, type FlushBatch } from "./group-commit.js";

/** A flush that records each batch it was given and answers each item with its double. */
function doubling(): { flush: FlushBatch<number, number>; batches: number[][] } {
  const batches: number[][] = [];
  const flush: FlushBatch<number, number> = (items) => {
    batches.push(items);
    return Promise.resolve(items.map((value) => ({ status: "fulfilled", value: value * 2 })));
  };
  return { flush, batches };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("group commit", () => {
  it("flushes items submitted together as one batch, answering each with its own result", async () => {
    const { flush, batches } = doubling();
    const group = createGroupCommit(flush);

    const results = await Promise.all(range(200).map((i) => group.submit(i)));

    expect(results).toEqual(range(200).map((i) => i * 2));
    expect(batches).toEqual([range(200)]);
  });

  it("commits a lone item by itself, without waiting for company", async () => {
    const { flush, batches } = doubling();
    const group = createGroupCommit(flush);

    expect(await group.submit(21)).toBe(42);
    expect(await group.submit(1)).toBe(2);
    expect(batches).toEqual([[21], [1]]);
  });

  it("caps a batch, flushing the rest in order in the next ones", async () => {
    const { flush, batches } = doubling();
    const group = createGroupCommit(flush, { maxBatch: 256 });

    await Promise.all(range(600).map((i) => group.submit(i)));

    expect(batches.map((batch) => batch.length)).toEqual([256, 256, 88]);
    expect(batches.flat()).toEqual(range(600));
  });

  it("gathers what arrives during a flush into the next batch, never running two flushes at once", async () => {
    const batches: number[][] = [];
    const started = deferred();
    const release = deferred();
    let running = 0;
    const group = createGroupCommit<number, number>(async (items) => {
      running += 1;
      expect(running).toBe(1);
      batches.push(items);
      started.resolve();
      await release.promise;
      running -= 1;
      return items.map((value) => ({ status: "fulfilled", value }));
    });

    const first = group.submit(1);
    await started.promise;
    const later = [2, 3, 4].map((i) => group.submit(i));
    release.resolve();

    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it("fails only the item whose outcome is a failure", async () => {
    const taken = new Error("taken");
    const group = createGroupCommit<number, number>((items) =>
      Promise.resolve(
        items.map((value) => (value === 2 ? { status: "rejected", reason: taken } : { status: "fulfilled", value })),
      ),
    );

    const outcomes = await Promise.allSettled([1, 2, 3].map((i) => group.submit(i)));

    expect(outcomes).toEqual([
      { status: "fulfilled", value: 1 },
      { status: "rejected", reason: taken },
      { status: "fulfilled", value: 3 },
    ]);
  });

  it("rejects every item of a failed batch, and goes on with the next", async () => {
    const failure = new Error("disk I/O error");
    let calls = 0;
    const group = createGroupCommit<number, number>((items) => {
      calls += 1;
      if (calls === 1) return Promise.reject(failure);
      return Promise.resolve(items.map((value) => ({ status: "fulfilled", value })));
    });

    const outcomes = await Promise.allSettled([1, 2, 3].map((i) => group.submit(i)));
    expect(outcomes).toEqual([1, 2, 3].map(() => ({ status: "rejected", reason: failure })));
    expect(await group.submit(4)).toBe(4);
  });

  it("rejects the items a flush gave no outcome for", async () => {
    const group = createGroupCommit<number, number>(() => Promise.resolve([{ status: "fulfilled", value: 1 }]));

    const [first, second] = await Promise.allSettled([group.submit(1), group.submit(2)]);

    expect(first).toEqual({ status: "fulfilled", value: 1 });
    expect(second?.status).toBe("rejected");
  });

  it("settles once everything submitted, including what came in meanwhile, has settled", async () => {
    const { flush, batches } = doubling();
    const group = createGroupCommit(flush, { maxBatch: 2 });
    const settledItems: number[] = [];
    const track = (i: number) => void group.submit(i).then(() => settledItems.push(i));

    await group.settled();
    range(5).forEach(track);
    const settled = group.settled();
    // Submitted after settled() was asked, before the queue emptied: waited for too.
    setImmediate(() => track(5));
    await settled;

    expect(settledItems).toEqual(range(6));
    expect(batches.flat()).toEqual(range(6));
  });
});
