import { useEffect, useLayoutEffect, useRef, type ReactNode } from "react";
import { DayDivider, MessageItem, SystemMessageItem } from "./message-item.js";
import type { TimelineEntry } from "./timeline.js";

/** How close to the bottom (in pixels) still counts as reading the newest messages. */
const PINNED_THRESHOLD = 64;

interface MessageListProps {
  entries: readonly TimelineEntry[];
  /** Names the conversation for screen readers, e.g. "Messages in #general". */
  label: string;
  /** Shown while there is nothing to list. */
  empty: ReactNode;
}

/**
 * Follows the newest message while the reader is at the bottom, and leaves
 * the scroll position alone while they read older ones (unless they just
 * posted, which brings them back down).
 */
export function MessageList({ entries, label, empty }: MessageListProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const last = entries.at(-1);
  const postedLast = last?.type === "message" && last.own;

  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && (pinned.current || postedLast)) list.scrollTop = list.scrollHeight;
  }, [entries, postedLast]);

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

  function onScroll() {
    const list = listRef.current;
    if (list) pinned.current = list.scrollHeight - list.scrollTop - list.clientHeight < PINNED_THRESHOLD;
  }

  return (
    <div
      ref={listRef}
      className="message-list"
      data-testid="message-list"
      role="log"
      aria-live="polite"
      aria-label={label}
      tabIndex={0}
      onScroll={onScroll}
    >
      {entries.length === 0 ? <div className="message-list__empty">{empty}</div> : entries.map(renderEntry)}
    </div>
  );
}

function renderEntry(entry: TimelineEntry): ReactNode {
  switch (entry.type) {
    case "day":
      return <DayDivider key={entry.key} label={entry.label} />;
    case "message":
      return <MessageItem key={entry.key} entry={entry} />;
    case "system":
      return <SystemMessageItem key={entry.key} entry={entry} />;
  }
}
