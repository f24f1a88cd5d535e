import type { ParleySocket } from "./context.js";

/**
 * A socket's sends are stored in the order it sent them.
 *
 * Between arriving and being stored, a send waits on a few queries (may the
 * sender write here? whom does it mention?). With one SQLite connection those
 * answer in the order asked; with a pool of PostgreSQL connections they may
 * not, and a quick "b" could be stored before the "a" sent just before it.
 * So each send takes a turn on arrival, and hands its message to the store
 * only after the socket's previous send has handed over its own (or given up):
 * the store then numbers them in sending order. Waiting is for the hand-over,
 * not the commit, so sends still share group commits.
 */
const lastTurn = new WeakMap<ParleySocket, Promise<void>>();

export interface Turn {
  /** Resolves once the socket's earlier sends have handed their messages to the store. */
  readonly ready: Promise<void>;
  /** Says this send has handed its message over, or never will. Call it once, whatever happens. */
  done(): void;
}

/** Takes the socket's next turn: call on arrival, before anything is awaited. */
export function takeTurn(socket: ParleySocket): Turn {
  const ready = lastTurn.get(socket) ?? Promise.resolve();
  const { promise, resolve } = Promise.withResolvers<void>();
  lastTurn.set(socket, promise);
  return { ready, done: () => resolve() };
}
