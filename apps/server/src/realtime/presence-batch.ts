import type { PresenceChange } from "@parley/protocol";

/**
 * How long presence changes gather before they go out together. A storm
 * (everyone reconnecting after a deploy or a network blip) then costs each
 * socket one packet per window instead of one per person who came or went;
 * a quarter of a second is still too short for anyone to see a dot change late.
 */
export const PRESENCE_BATCH_MS = 250;

/**
 * Gathers presence changes and broadcasts them once per window. Each person
 * is listed once, with their latest status: gone then back within a window
 * goes out as back. A change that ends where it started is still sent, never
 * dropped: a client that asked `presence:list` in between (and saw the person
 * gone) then hears the truth.
 */
export class PresenceBatch {
  readonly #pending = new Map<string, PresenceChange>();
  readonly #broadcast: (changes: PresenceChange[]) => void;
  readonly #windowMs: number;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(broadcast: (changes: PresenceChange[]) => void, windowMs = PRESENCE_BATCH_MS) {
    this.#broadcast = broadcast;
    this.#windowMs = windowMs;
  }

  /** Notes a change; the first of a window starts its timer. Ignored once closed. */
  record(change: PresenceChange): void {
    if (this.#closed) return;
    this.#pending.set(change.username, change);
    // Unref'd: a pending batch never keeps the process alive.
    this.#timer ??= setTimeout(() => this.flush(), this.#windowMs).unref();
  }

  /** Broadcasts what is pending, if anything, and starts a new window. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.size === 0) return;
    const changes = [...this.#pending.values()];
    this.#pending.clear();
    this.#broadcast(changes);
  }

  /**
   * Drops what is pending and records nothing more: the server is shutting
   * down, and every client asks `presence:list` again when it reconnects.
   */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending.clear();
  }
}
