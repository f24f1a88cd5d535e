/**
 * Tracks work that must finish before the server may stop (a write that a
 * client is waiting to see acknowledged), and whether it is stopping.
 */
export class Lifecycle {
  #closing = false;
  readonly #pending = new Set<Promise<unknown>>();

  get closing(): boolean {
    return this.#closing;
  }

  track<T>(work: Promise<T>): Promise<T> {
    this.#pending.add(work);
    const forget = () => this.#pending.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** From now on, new work is refused (see `closing`); what is tracked goes on. */
  beginClosing(): void {
    this.#closing = true;
  }

  /** Marks the server as stopping and waits for tracked work, including work it starts. */
  async drain(): Promise<void> {
    this.beginClosing();
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }
}
