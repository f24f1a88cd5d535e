import type { ConnectionState } from "@parley/client";
import type { ProtocolError } from "@parley/protocol";
import { describeRefusal } from "./describe-error.js";

interface ConnectionBannerProps {
  connection: ConnectionState;
  /** Why the server refused the connection, while `rejected`. */
  rejection: ProtocolError | null;
  onReconnect: () => void;
}

/** Says so when messages cannot flow; silent while online. */
export function ConnectionBanner({ connection, rejection, onReconnect }: ConnectionBannerProps) {
  switch (connection) {
    // Nothing to say: the badge shows the first connection under way.
    case "online":
    case "connecting":
      return null;
    case "reconnecting":
      return (
        <div className="banner banner--warning" role="status">
          Connection lost. Reconnecting…
        </div>
      );
    // An `unauthorized` refusal never shows here: the app goes back to the sign-in screen.
    case "rejected":
      return (
        <div className="banner banner--danger" role="status" data-testid="connection-refused">
          {rejection ? describeRefusal(rejection) : "The server refused the connection."}
          <button type="button" className="button button--small" onClick={onReconnect}>
            Reconnect
          </button>
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
