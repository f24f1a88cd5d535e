import type { OutboxEntry } from "@parley/client";
import type { Username } from "@parley/protocol";
import { Avatar } from "./avatar.js";
import { describeSendError } from "./describe-error.js";
import type { MessageActions } from "./message-actions.js";

/** A rate limit's wait up to this long passes unremarked: "Sending…" covers it. */
const MOMENT_MS = 1500;

interface OutgoingMessageItemProps {
  entry: OutboxEntry;
  self: Username;
  actions: Pick<MessageActions, "retry" | "discard">;
}

/**
 * A message the user sent that the server has not confirmed: greyed while
 * the SDK keeps trying, or failed with its reason and a choice to retry or
 * discard. The confirmed message takes its place.
 */
export function OutgoingMessageItem({ entry, self, actions }: OutgoingMessageItemProps) {
  const failed = entry.state === "failed";
  // The SDK is pacing itself to the server's rate limit; say so when the wait is more than a moment.
  const paced = !failed && entry.error?.code === "rate_limited" && (entry.error.retryAfterMs ?? 0) > MOMENT_MS;
  return (
    <article
      className={`message message--own ${failed ? "message--failed" : "message--pending"}`}
      data-testid={failed ? "failed-message" : "pending-message"}
      data-client-id={entry.clientId}
      aria-busy={!failed}
    >
      <Avatar username={self} />
      <div className="message__body">
        <header className="message__meta">
          <span className="message__author">{self}</span>
          <span className="message__you">you</span>
          <span
            className="message__status"
            data-testid="message-status"
            title={paced ? "You are sending faster than the server allows; the rest follow in a moment." : undefined}
          >
            {failed ? "Not sent" : paced ? "Sending slowly…" : "Sending…"}
          </span>
        </header>
        <div className="message__content">
          <p className="message__text">{entry.text}</p>
        </div>
        {failed && (
          <div className="message__failure">
            <p className="composer__error" role="alert">
              {entry.error ? describeSendError(entry.error) : "This message was not sent."}
            </p>
            <button
              type="button"
              className="button button--small"
              data-testid="retry-button"
              onClick={() => actions.retry(entry.clientId)}
            >
              Retry
            </button>
            <button
              type="button"
              className="button button--small button--ghost"
              data-testid="discard-button"
              onClick={() => actions.discard(entry.clientId)}
            >
              Discard
            </button>
          </div>
        )}
      </div>
    </article>
  );
}
