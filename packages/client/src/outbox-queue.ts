import { ok, type MessageId, type Result, type RoomMessage } from "@parley/protocol";
import { isTransient, retryDelay, type OutboxEntry, type OutboxStorage } from "./outbox.js";

export interface OutboxQueueOptions {
  storage: OutboxStorage;
  /** One try: `message:send` with the entry's clientId. */
  deliver(entry: OutboxEntry): Promise<Result<RoomMessage>>;
  /** May a try go out now? While not, entries wait for `flush()`. */
  connected(): boolean;
  onChange(entries: readonly OutboxEntry[]): void;
  /** The server confirmed an entry (through its ack) with this message. */
  onDelivered(message: RoomMessage): void;
  random?: () => number;
}

export interface OutboxQueue {
  readonly entries: () => readonly OutboxEntry[];
  /** Queues the entry; resolves once the server stored it, or refused it for good, or it was discarded. */
  add(entry: OutboxEntry): Promise<Result<RoomMessage>>;
  /** Connected (again): tries the pending entries now, in order, whatever backoff they were in. */
  flush(): void;
  /** Disconnected: a try under way is given up on (its answer, if it still comes, is taken). */
  interrupt(): void;
  /** A message the server stored for this client came another way (a broadcast): its entry is done. */
  confirm(message: RoomMessage): void;
  retry(clientId: MessageId): void;
  discard(clientId: MessageId): void;
}

/**
 * Sends the outbox one entry at a time, oldest first, so messages keep the
 * order they were written in. A try that may go through later (a timeout, a
 * drop, a server going down) is retried with backoff, blocking the entries
 * behind it; one refused by a rate limit waits exactly the `retryAfterMs` the
 * server named, and stays pending; a refusal for good marks the entry failed
 * and moves on. The
 * clientId makes every retry safe: the server stores each message once.
 */
export function createOutboxQueue(options: OutboxQueueOptions): OutboxQueue {
  const { storage, random } = options;
  let entries: readonly OutboxEntry[] = storage.load();
  const waiting = new Map<MessageId, (result: Result<RoomMessage>) => void>();
  /** A try is under way (in this generation). */
  let sending = false;
  let backoff: ReturnType<typeof setTimeout> | undefined;
  /** Bumped on every disconnect: a failure answered to an older try is stale. */
  let generation = 0;

  function set(next: readonly OutboxEntry[]): void {
    entries = next;
    storage.save(entries);
    options.onChange(entries);
  }

  function patch(clientId: MessageId, change: Partial<OutboxEntry>): void {
    set(entries.map((entry) => (entry.clientId === clientId ? { ...entry, ...change } : entry)));
  }

  function finish(clientId: MessageId, result: Result<RoomMessage>): void {
    const resolve = waiting.get(clientId);
    waiting.delete(clientId);
    resolve?.(result);
  }

  function remove(clientId: MessageId): boolean {
    if (!entries.some((entry) => entry.clientId === clientId)) return false;
    set(entries.filter((entry) => entry.clientId !== clientId));
    return true;
  }

  function succeed(message: RoomMessage, answered: boolean): void {
    if (message.kind !== "user" || message.clientId === null) return;
    const { clientId } = message;
    if (!entries.some((entry) => entry.clientId === clientId)) return;
    // A broadcast is applied by whoever received it; an ack only reaches the queue.
    if (answered) options.onDelivered(message);
    remove(clientId);
    finish(clientId, ok(message));
  }

  function pump(): void {
    if (sending || backoff !== undefined || !options.connected()) return;
    const next = entries.find((entry) => entry.state === "pending");
    if (!next) return;
    const attempt = { ...next, attempts: next.attempts + 1 };
    patch(attempt.clientId, { attempts: attempt.attempts });
    sending = true;
    const tried = generation;
    void options.deliver(attempt).then((result) => {
      const current = tried === generation;
      if (current) sending = false;
      if (result.ok) succeed(result.data, true);
      else if (current) settleFailure(attempt, result.error);
      pump();
    });
  }

  function settleFailure(attempt: OutboxEntry, error: NonNullable<OutboxEntry["error"]>): void {
    // Discarded, or confirmed by a broadcast, while the try was under way.
    if (!entries.some((entry) => entry.clientId === attempt.clientId)) return;
    if (isTransient(error.code)) {
      patch(attempt.clientId, { error });
      // A rate limit says how long to wait: pacing, not a failure, so no
      // growing backoff; the entry and those behind it go out once allowed.
      const wait = error.code === "rate_limited" ? error.retryAfterMs : undefined;
      backoff = setTimeout(
        () => {
          backoff = undefined;
          pump();
        },
        wait ?? retryDelay(attempt.attempts, random),
      );
      return;
    }
    patch(attempt.clientId, { state: "failed", error });
    finish(attempt.clientId, { ok: false, error });
  }

  function stopBackoff(): void {
    clearTimeout(backoff);
    backoff = undefined;
  }

  return {
    entries: () => entries,
    add(entry) {
      const result = new Promise<Result<RoomMessage>>((resolve) => waiting.set(entry.clientId, resolve));
      set([...entries, entry]);
      pump();
      return result;
    },
    flush() {
      stopBackoff();
      pump();
    },
    interrupt() {
      generation += 1;
      sending = false;
      stopBackoff();
    },
    confirm: (message) => succeed(message, false),
    retry(clientId) {
      const entry = entries.find((candidate) => candidate.clientId === clientId);
      if (!entry) return;
      if (entry.state === "failed") patch(clientId, { state: "pending", error: null });
      stopBackoff();
      pump();
    },
    discard(clientId) {
      const entry = entries.find((candidate) => candidate.clientId === clientId);
      if (!entry || !remove(clientId)) return;
      finish(clientId, {
        ok: false,
        error: entry.error ?? { code: "unreachable", message: "Discarded before it was sent" },
      });
      // It may have been the entry the backoff was holding up.
      stopBackoff();
      pump();
    },
  };
}
