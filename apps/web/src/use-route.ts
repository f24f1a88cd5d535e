import { useCallback, useSyncExternalStore } from "react";
import { parseRoute, type Route } from "./route.js";

/** pushState fires no event of its own: navigate() tells the subscribers itself. */
const NAVIGATED = "parley:navigated";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

const pathname = () => window.location.pathname;

/**
 * The route in the address bar, and a way to go elsewhere: the history API
 * and nothing more, as the app has four kinds of address and no nesting that
 * a router library would earn its place for. Back and forward are the
 * browser's own (popstate).
 */
export function useRoute(): { route: Route; path: string; navigate: (path: string, replace?: boolean) => void } {
  const path = useSyncExternalStore(subscribe, pathname);
  const navigate = useCallback((next: string, replace = false) => {
    if (next === window.location.pathname) return;
    if (replace) window.history.replaceState(null, "", next);
    else window.history.pushState(null, "", next);
    window.dispatchEvent(new Event(NAVIGATED));
  }, []);
  return { route: parseRoute(path), path, navigate };
}
