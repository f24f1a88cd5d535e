import { useLayoutEffect, useState, type RefObject } from "react";

interface ReturnFocusOptions<T extends HTMLElement> {
  /** Runs first on the way out, e.g. closing a modal <dialog>: while it is open, the page behind it cannot take the focus. */
  beforeReturn?: (container: T) => void;
  /** Where the focus goes when what had it before is gone (a search result, say). */
  fallback?: () => HTMLElement | null | undefined;
}

/**
 * When the component goes away (a dialog, a panel), gives the focus back to
 * what had it when the component appeared: the button that opened it. Only if
 * the focus was inside `container` then, or lost to <body>: someone who moved
 * on (clicked another room) keeps the focus where they put it.
 */
export function useReturnFocus<T extends HTMLElement>(
  container: RefObject<T | null>,
  options: ReturnFocusOptions<T> = {},
): void {
  // Read while rendering, before this component's own fields (autoFocus) take the focus.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  const { beforeReturn, fallback } = options;

  // A layout effect: its cleanup runs while the component is still in the
  // document, so it can tell whether the focus is inside it.
  useLayoutEffect(() => {
    const element = container.current;
    return () => {
      const active = document.activeElement;
      const focusWasInside = active === null || active === document.body || (element?.contains(active) ?? false);
      if (element) beforeReturn?.(element);
      if (!focusWasInside) return;
      const target = opener?.isConnected && opener !== document.body ? opener : fallback?.();
      target?.focus();
    };
    // Once, on mount and unmount: the opener and the callbacks of the first render are the ones that count.
  }, []);
}
