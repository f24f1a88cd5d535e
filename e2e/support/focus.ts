import type { Page } from "playwright-core";

/**
 * What has the keyboard focus, named by the element's `data-testid` (or its
 * tag when it has none, "body" when focus was lost), so a test can say where
 * focus went as a person would see it.
 */
export function focusedTestId(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const active = document.activeElement;
    if (!active || active === document.body) return "body";
    return active.getAttribute("data-testid") ?? active.tagName.toLowerCase();
  })()`);
}

/** The `data-message-id` of the message that holds the focused element, if any. */
export function focusedMessageId(page: Page): Promise<string | null> {
  return page.evaluate(`document.activeElement?.closest("[data-message-id]")?.getAttribute("data-message-id") ?? null`);
}

/** Whether the focus is inside an open dialog. */
export function focusInDialog(page: Page): Promise<boolean> {
  return page.evaluate(`document.activeElement?.closest("dialog[open]") != null`);
}
