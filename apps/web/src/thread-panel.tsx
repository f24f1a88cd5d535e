import type { OutboxEntry, Timeline } from "@parley/client";
import type { MessageId, Result, RoomMessage, Username } from "@parley/protocol";
import { useMemo } from "react";
import { Composer } from "./composer.js";
import type { MessageActions } from "./message-actions.js";
import { MessageItem } from "./message-item.js";
import { MessageList } from "./message-list.js";
import { buildTimeline } from "./timeline.js";

interface ThreadPanelProps {
  parent: RoomMessage | undefined;
  parentId: MessageId;
  replies: Timeline | undefined;
  self: Username;
  actions: MessageActions;
  mentionable: readonly Username[];
  /** Everything unconfirmed; this thread's entries show at its end. */
  outbox: readonly OutboxEntry[];
  send: (text: string) => Promise<Result<unknown>>;
  onLoadOlder: () => Promise<unknown>;
  onClose: () => void;
  /** A reply opened by a link: shown and marked. */
  highlightId?: MessageId | null;
}

const NONE: readonly RoomMessage[] = [];

/** A message and the replies under it, with a composer of its own. */
export function ThreadPanel({
  parent,
  parentId,
  replies,
  self,
  actions,
  mentionable,
  outbox,
  send,
  onLoadOlder,
  onClose,
  highlightId = null,
}: ThreadPanelProps) {
  const messages = replies?.messages ?? NONE;
  const outgoing = useMemo(() => outbox.filter((entry) => entry.threadId === parentId), [outbox, parentId]);
  const entries = useMemo(() => buildTimeline(messages, self, Date.now(), outgoing), [messages, self, outgoing]);
  return (
    <section
      className="side-panel thread-panel"
      aria-label="Thread"
      data-testid="thread-panel"
      data-thread-id={parentId}
    >
      <header className="side-panel__header">
        <h2 className="side-panel__title">Thread</h2>
        <button type="button" className="dialog__close" aria-label="Close thread" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="thread-panel__parent" data-testid="thread-parent">
        {parent?.kind === "user" ? (
          <MessageItem message={parent} self={self} actions={actions} />
        ) : (
          <p className="panel__hint">The message this thread replies to is not loaded.</p>
        )}
      </div>
      <div className="thread-panel__count">
        {messages.length === 0 ? "No replies yet" : `${messages.length} ${messages.length === 1 ? "reply" : "replies"}`}
      </div>
      <MessageList
        entries={entries}
        self={self}
        actions={actions}
        label="Replies"
        empty={<p>Reply to start a thread.</p>}
        hasOlder={replies?.hasOlder ?? false}
        onLoadOlder={onLoadOlder}
        testId="thread-messages"
        highlightId={highlightId}
      />
      <Composer target="thread" placeholder="Reply…" send={send} mentionable={mentionable} testId="thread-composer" />
    </section>
  );
}
