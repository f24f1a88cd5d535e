import type { ConnectionState } from "@parley/client";

interface ConnectionBannerProps {
  connection: ConnectionState;
  onReconnect: () => void;
}

/** Says so when messages cannot flow; silent while online. */
export function ConnectionBanner({ connection, onReconnect }: ConnectionBannerProps) {
  switch (connection) {
    // Nothing to say; before the first connection and after a refusal the app shows the join screen.
    case "online":
    case "connecting":
    case "rejected":
      return null;
    case "reconnecting":
      return (
        <div className="banner banner--warning" role="status">
          Connection lost. Reconnecting…
        </div>
      );
    case "closed":
      return (
        <div className="banner banner--danger" role="status">
          You are disconnected from the server.
          <button type="button" className="button button--small" onClick={onReconnect}>
            Reconnect
          </button>
        </div>
      );
  }
}
