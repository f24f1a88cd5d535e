import { expect, it, vi } from "vitest";
import { createStore } from "./store.js";

it("notifies subscribers of changes, not of no-ops, until they unsubscribe", () => {
  const store = createStore({ count: 0 });
  const listener = vi.fn();
  const unsubscribe = store.subscribe(listener);

  store.update((state) => ({ count: state.count + 1 }));
  store.update((state) => state);
  expect(listener).toHaveBeenCalledTimes(1);
  expect(store.getSnapshot()).toEqual({ count: 1 });

  unsubscribe();
  store.update((state) => ({ count: state.count + 1 }));
  expect(listener).toHaveBeenCalledTimes(1);
  expect(store.getSnapshot()).toEqual({ count: 2 });
});
