import type { PresenceStatus } from "@parley/protocol";

const WORDS: Record<PresenceStatus, string> = { online: "online", away: "away", offline: "offline" };

/** A coloured dot, with the status in words for screen readers. */
export function PresenceDot({ status }: { status: PresenceStatus }) {
  return (
    <>
      <span className={`presence-dot presence-dot--${status}`} data-presence={status} aria-hidden="true" />
      <span className="visually-hidden">({WORDS[status]})</span>
    </>
  );
}
