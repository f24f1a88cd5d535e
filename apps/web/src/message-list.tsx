import type { MessageId, Username } from "@parley/protocol";
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import type { MessageActions } from "./message-actions.js";
import { DayDivider, MessageItem, SystemMessageItem } from "./message-item.js";
import { OutgoingMessageItem } from "./outgoing-message-item.js";
import type { TimelineEntry } from "./timeline.js";
import { useScrollToHighlight } from "./use-scroll-to-highlight.js";

/** How close to the bottom (in pixels) still counts as reading the newest messages. */
const PINNED_THRESHOLD = 64;
/** How close to the top (in pixels) asks for older messages. */
const LOAD_THRESHOLD = 120;

interface MessageListProps {
  entries: readonly TimelineEntry[];
  self: Username;
  actions: MessageActions;
  /** Names the conversation for screen readers, e.g. "Messages in #general". */
  label: string;
  /** Shown while there is nothing to list. */
  empty?: ReactNode;
  /**
   * What the conversation starts with, at the top of the scrolled content, in
   * place of the channel's "This is the very beginning.": a thread's parent
   * message. Then the list fills from the top instead of sitting at the bottom.
   */
  head?: ReactNode;
  hasOlder: boolean;
  onLoadOlder: () => Promise<unknown>;
  testId?: string;
  /** A message opened by a link: scrolled to and marked, once it is here. */
  highlightId?: MessageId | null;
  /** The list is a run far back (see Timeline.hasNewer): scrolling down loads newer, Jump to latest the newest. */
  hasNewer?: boolean;
  onLoadNewer?: () => Promise<unknown>;
  onLoadLatest?: () => Promise<unknown>;
}

/**
 * Follows the newest message while the reader is at the bottom, and leaves
 * the scroll position alone while they read older ones (unless they just
 * posted, which brings them back down). Scrolling to the top loads older
 * messages, keeping what is on screen where it was.
 */
export function MessageList({
  entries,
  self,
  actions,
  label,
  empty,
  head,
  hasOlder,
  onLoadOlder,
  testId = "message-list",
  highlightId = null,
  hasNewer = false,
  onLoadNewer,
  onLoadLatest,
}: MessageListProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  /** While older messages load: the distance from the list's bottom to the view's top, to restore. */
  const anchor = useRef<number | null>(null);
  const [loading, setLoading] = useState(false);
  const loadingNewer = useRef(false);
  const [showJump, setShowJump] = useState(false);
  const last = entries.at(-1);
  const postedLast = (last?.type === "message" && last.own) || last?.type === "outgoing";

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    if (anchor.current !== null) {
      list.scrollTop = list.scrollHeight - anchor.current;
      anchor.current = null;
    } else if (pinned.current || postedLast) list.scrollTop = list.scrollHeight;
  }, [entries, postedLast]);

  useScrollToHighlight(listRef, pinned, highlightId, entries);

  // The list also shrinks and grows (a window resize, a composer growing a
  // line): stay at the bottom through that too.
  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const observer = new ResizeObserver(() => {
      if (pinned.current) list.scrollTop = list.scrollHeight;
    });
    observer.observe(list);
    return () => observer.disconnect();
  }, []);

  function loadOlder() {
    const list = listRef.current;
    if (!list || loading || !hasOlder) return;
    setLoading(true);
    anchor.current = list.scrollHeight - list.scrollTop;
    void onLoadOlder().finally(() => {
      setLoading(false);
      // Nothing came: nothing to restore.
      requestAnimationFrame(() => (anchor.current = null));
    });
  }

  // A short page does not fill the view, so no scroll would ever ask for more.
  useEffect(() => {
    const list = listRef.current;
    if (list && hasOlder && !loading && list.scrollHeight <= list.clientHeight) loadOlder();
  });

  function onScroll() {
    const list = listRef.current;
    if (!list) return;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < PINNED_THRESHOLD;
    // Far back in history the bottom is not the newest message: nothing to follow there.
    pinned.current = atBottom && !hasNewer;
    setShowJump(!pinned.current);
    if (atBottom && hasNewer && !loadingNewer.current && onLoadNewer) {
      loadingNewer.current = true;
      void onLoadNewer().finally(() => (loadingNewer.current = false));
    }
    if (list.scrollTop < LOAD_THRESHOLD) loadOlder();
  }

  function jumpToLatest() {
    const list = listRef.current;
    if (!list) return;
    pinned.current = true;
    setShowJump(false);
    if (hasNewer) void onLoadLatest?.();
    list.scrollTop = list.scrollHeight;
    list.focus();
  }

  function renderEntry(entry: TimelineEntry): ReactNode {
    switch (entry.type) {
      case "day":
        return <DayDivider key={entry.key} label={entry.label} />;
      case "message":
        return (
          <MessageItem
            key={entry.key}
            message={entry.message}
            self={self}
            actions={actions}
            highlighted={entry.message.id === highlightId}
          />
        );
      case "system":
        return <SystemMessageItem key={entry.key} entry={entry} />;
      case "outgoing":
        return <OutgoingMessageItem key={entry.key} entry={entry.entry} self={self} actions={actions} />;
    }
  }

  return (
    <div className="message-list-frame">
      <div
        ref={listRef}
        className={head === undefined ? "message-list" : "message-list message-list--with-head"}
        data-testid={testId}
        role="log"
        aria-live="polite"
        aria-label={label}
        aria-busy={loading}
        tabIndex={0}
        onScroll={onScroll}
      >
        {head}
        {hasOlder && (
          <div className="message-list__more" data-testid="loading-older">
            {loading ? "Loading older messages…" : ""}
          </div>
        )}
        {head === undefined && !hasOlder && entries.length > 0 && (
          <div className="message-list__start">This is the very beginning.</div>
        )}
        {entries.length > 0
          ? entries.map(renderEntry)
          : empty !== undefined && <div className="message-list__empty">{empty}</div>}
      </div>
      {showJump && (
        <button
          type="button"
          className="button button--small jump-to-latest"
          data-testid="jump-to-latest"
          onClick={jumpToLatest}
        >
          Jump to latest ↓
        </button>
      )}
    </div>
  );
}
