/**
 * The smallest external store React's `useSyncExternalStore` (or any other
 * framework) can read: an immutable snapshot and change notifications.
 */
export interface Store<S> {
  // Properties, not methods: they may be passed around unbound,
  // as in useSyncExternalStore(client.subscribe, client.getSnapshot).
  readonly getSnapshot: () => S;
  readonly subscribe: (listener: () => void) => () => void;
}

export interface WritableStore<S> extends Store<S> {
  readonly update: (change: (state: S) => S) => void;
}

export function createStore<S>(initial: S): WritableStore<S> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    update(change) {
      const next = change(state);
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener();
    },
  };
}
