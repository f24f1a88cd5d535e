import type { ConnectionState } from "@parley/client";

const LABELS: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  online: "Online",
  reconnecting: "Reconnecting…",
  rejected: "Rejected",
  closed: "Closed",
};

export function ConnectionBadge({ state }: { state: ConnectionState }) {
  return (
    <span
      className={`connection-badge connection-badge--${state}`}
      data-testid="connection-state"
      data-state={state}
      role="status"
      title="Connection to the server"
    >
      <span className="connection-badge__dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  );
}
