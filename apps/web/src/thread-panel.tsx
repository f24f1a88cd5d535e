import type { OutboxEntry, Timeline } from "@parley/client";
import type { MessageId, Result, RoomMessage, Username } from "@parley/protocol";
import { useEffect, useEffectEvent, useMemo, useRef } from "react";
import { Composer, type ComposerDraft } from "./composer.js";
import type { MessageActions } from "./message-actions.js";
import { MessageItem } from "./message-item.js";
import { MessageList } from "./message-list.js";
import { buildTimeline } from "./timeline.js";
import { useReturnFocus } from "./use-return-focus.js";

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
  /** The reply typed here and not sent yet. */
  draft: ComposerDraft;
  onLoadOlder: () => Promise<unknown>;
  onClose: () => void;
  /** Where the focus goes on closing when what opened the thread is gone: the room's composer. */
  fallbackFocus?: () => HTMLElement | null;
  /** A reply opened by a link: shown and marked. */
  highlightId?: MessageId | null;
}

const NONE: readonly RoomMessage[] = [];

/**
 * A message and the replies under it, with a composer of its own, which has
 * the focus when the thread opens. Escape closes it, and the focus goes back to
 * what opened it (the message's reply button).
 */
export function ThreadPanel({
  parent,
  parentId,
  replies,
  self,
  actions,
  mentionable,
  outbox,
  send,
  draft,
  onLoadOlder,
  onClose,
  fallbackFocus,
  highlightId = null,
}: ThreadPanelProps) {
  const panel = useRef<HTMLElement>(null);
  const messages = replies?.messages ?? NONE;
  const outgoing = useMemo(() => outbox.filter((entry) => entry.threadId === parentId), [outbox, parentId]);
  const parentAt = parent?.createdAt;
  const entries = useMemo(
    () => buildTimeline(messages, self, Date.now(), outgoing, parentAt),
    [messages, self, outgoing, parentAt],
  );

  useReturnFocus(panel, fallbackFocus === undefined ? {} : { fallback: fallbackFocus });

  // Escape closes the thread wherever the focus is, unless something inside
  // took it first (a mention menu, an edit, a search) or a dialog is open.
  const close = useEffectEvent(onClose);
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "Escape" || event.defaultPrevented || event.isComposing) return;
      if (event.target instanceof Element && event.target.closest("dialog")) return;
      close();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

  return (
    <section
      ref={panel}
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
      <MessageList
        entries={entries}
        self={self}
        actions={actions}
        label="Replies"
        head={
          <>
            <div className="thread-panel__parent" data-testid="thread-parent">
              {parent?.kind === "user" ? (
                <MessageItem message={parent} self={self} actions={actions} />
              ) : (
                <p className="panel__hint">The message this thread replies to is not loaded.</p>
              )}
            </div>
            <div className="thread-panel__count">
              {messages.length === 0
                ? "No replies yet"
                : `${messages.length} ${messages.length === 1 ? "reply" : "replies"}`}
            </div>
          </>
        }
        hasOlder={replies?.hasOlder ?? false}
        onLoadOlder={onLoadOlder}
        testId="thread-messages"
        highlightId={highlightId}
      />
      <Composer
        target="thread"
        placeholder="Reply…"
        send={send}
        draft={draft}
        mentionable={mentionable}
        testId="thread-composer"
        autoFocus
      />
    </section>
  );
}
