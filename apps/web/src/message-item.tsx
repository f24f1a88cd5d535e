import { Avatar } from "./avatar.js";
import { formatClock, formatFullDate } from "./format-time.js";
import type { TimelineEntry } from "./timeline.js";

type MessageEntry = Extract<TimelineEntry, { type: "message" }>;
type SystemEntry = Extract<TimelineEntry, { type: "system" }>;

function Timestamp({ at }: { at: number }) {
  return (
    <time className="timestamp" dateTime={new Date(at).toISOString()} title={formatFullDate(at)}>
      {formatClock(at)}
    </time>
  );
}

/** Something a person wrote. The text is a React text node: never parsed as HTML. */
export function MessageItem({ entry }: { entry: MessageEntry }) {
  return (
    <article
      className={entry.own ? "message message--own" : "message"}
      data-testid="message"
      data-kind={entry.kind}
      data-author={entry.author}
    >
      <Avatar username={entry.author} />
      <div className="message__body">
        <header className="message__meta">
          <span className="message__author" data-testid="message-author">
            {entry.author}
          </span>
          {entry.own && <span className="message__you">you</span>}
          <Timestamp at={entry.createdAt} />
        </header>
        <p className="message__text" data-testid="message-text">
          {entry.text}
        </p>
      </div>
    </article>
  );
}

/** Something that happened ("alice joined"): centred and quiet, without an author. */
export function SystemMessageItem({ entry }: { entry: SystemEntry }) {
  return (
    <div className="system-message" data-testid="system-message">
      <span className="system-message__text">{entry.text}</span>
      <Timestamp at={entry.createdAt} />
    </div>
  );
}

export function DayDivider({ label }: { label: string }) {
  return (
    <div className="day-divider" role="separator">
      <span>{label}</span>
    </div>
  );
}
