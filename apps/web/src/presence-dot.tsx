import type { Presence } from "@parley/client";

const WORDS: Record<Presence, string> = {
  online: "online",
  away: "away",
  offline: "offline",
  unknown: "status unknown while offline",
};

/** How a status reads in words: `unknown` while this browser is disconnected. */
export function presenceWords(status: Presence): string {
  return WORDS[status];
}

/** A coloured dot (hollow and grey while unknown), with the status in words for screen readers. */
export function PresenceDot({ status }: { status: Presence }) {
  return (
    <>
      <span
        className={`presence-dot presence-dot--${status}`}
        data-presence={status}
        title={status === "unknown" ? "Status unknown while you are offline" : undefined}
        aria-hidden="true"
      />
      <span className="visually-hidden">({WORDS[status]})</span>
    </>
  );
}
