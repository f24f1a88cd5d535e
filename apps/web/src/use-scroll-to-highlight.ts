import type { MessageId } from "@parley/protocol";
import { useLayoutEffect, useRef, type RefObject } from "react";

/**
 * Scrolls a linked message into the middle of the list once it has arrived
 * (it may come a page later), once per link, and stops following the newest
 * messages so that it stays in view.
 */
export function useScrollToHighlight(
  listRef: RefObject<HTMLElement | null>,
  pinned: RefObject<boolean>,
  highlightId: MessageId | null,
  entries: unknown,
): void {
  const shown = useRef<MessageId | null>(null);
  useLayoutEffect(() => {
    if (highlightId === null) {
      shown.current = null;
      return;
    }
    if (shown.current === highlightId) return;
    const target = listRef.current?.querySelector(`[data-message-id="${CSS.escape(highlightId)}"]`);
    if (!target) return;
    shown.current = highlightId;
    pinned.current = false;
    target.scrollIntoView({ block: "center" });
  }, [listRef, pinned, highlightId, entries]);
}
