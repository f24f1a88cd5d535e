/**
 * Group commit: writes that arrive together are committed together.
 *
 * A durable commit costs an fsync, and with a synchronous driver that fsync
 * blocks the event loop. One commit per message spends the server's time on
 * fsyncs under load. Instead, items wait here until the next turn of the
 * event loop (setImmediate), and everything queued by then — the current
 * turn's writes, or those that came in while the previous batch was
 * committing — is handed to `flush` as one batch: one transaction, one fsync.
 * At low load a write commits alone, delayed by no timer, only by the rest of
 * the current turn.
 *
 * Each item's promise settles only once its batch's flush has settled, so a
 * caller is never told "stored" before the commit. Batches run one at a time,
 * in the order their items were submitted.
 */
export interface GroupCommit<Item, Result> {
  /** Queues the item; settles with its own outcome once its batch committed (or failed). */
  submit(item: Item): Promise<Result>;
  /** Resolves once every item submitted so far, and any submitted meanwhile, has settled. */
  settled(): Promise<void>;
}

/**
 * Writes a batch in one transaction. Resolves with one outcome per item, in
 * order (an item may fail alone, the others still committed), or rejects when
 * the whole batch failed and nothing of it was stored.
 */
export type FlushBatch<Item, Result> = (items: Item[]) => Promise<PromiseSettledResult<Result>[]>;

export interface GroupCommitOptions {
  /** The most items in one batch, so that one transaction stays short. */
  maxBatch?: number;
}

interface Pending<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (reason: unknown) => void;
}

export function createGroupCommit<Item, Result>(
  flush: FlushBatch<Item, Result>,
  { maxBatch = 256 }: GroupCommitOptions = {},
): GroupCommit<Item, Result> {
  const queue: Pending<Item, Result>[] = [];
  let scheduled = false;
  let flushing = false;
  let whenSettled: (() => void)[] = [];

  function schedule(): void {
    if (scheduled || flushing) return;
    scheduled = true;
    setImmediate(() => void flushNext());
  }

  async function flushNext(): Promise<void> {
    scheduled = false;
    flushing = true;
    const batch = queue.splice(0, maxBatch);
    try {
      const outcomes = await flush(batch.map((pending) => pending.item));
      batch.forEach((pending, i) => {
        const outcome = outcomes[i];
        if (outcome === undefined) pending.reject(new Error(`The batch flush gave no outcome for item ${i}`));
        else if (outcome.status === "fulfilled") pending.resolve(outcome.value);
        else pending.reject(outcome.reason);
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
    flushing = false;
    if (queue.length > 0) {
      schedule();
    } else {
      const waiting = whenSettled;
      whenSettled = [];
      for (const resolve of waiting) resolve();
    }
  }

  return {
    submit(item) {
      return new Promise<Result>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        schedule();
      });
    },
    settled() {
      if (!scheduled && !flushing) return Promise.resolve();
      return new Promise((resolve) => whenSettled.push(resolve));
    },
  };
}
