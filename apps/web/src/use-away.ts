import type { ParleyClient } from "@parley/client";
import { useEffect } from "react";

/** How long the tab stays hidden before the person shows as away. */
export const AWAY_AFTER_MS = 60_000;

/** Away while the tab has been hidden for a while; back online as soon as it is visible. */
export function useAway(client: Pick<ParleyClient, "setAway">, awayAfterMs = AWAY_AFTER_MS): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let away = false;
    const onChange = () => {
      clearTimeout(timer);
      if (document.visibilityState === "hidden") {
        timer = setTimeout(() => {
          away = true;
          void client.setAway(true);
        }, awayAfterMs);
      } else if (away) {
        away = false;
        void client.setAway(false);
      }
    };
    document.addEventListener("visibilitychange", onChange);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onChange);
    };
  }, [client, awayAfterMs]);
}
