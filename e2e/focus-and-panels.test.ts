import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useBrowserSession } from "./support/browser-session.js";
import { focusInDialog, focusedMessageId, focusedTestId } from "./support/focus.js";
import { createChannel, messageActions, messageWithText, say, signUp } from "./support/person.js";

const artifacts = fileURLToPath(new URL("./test-artifacts/", import.meta.url));
const { open } = useBrowserSession(() => mkdirSync(artifacts, { recursive: true }));

/** Opens a thread on the message with `text` from its toolbar's reply button. */
async function openThread(page: Page, text: string): Promise<Locator> {
  await (await messageActions(messageWithText(page, text))).getByTestId("reply-button").click();
  const panel = page.getByTestId("thread-panel");
  await panel.waitFor();
  return panel;
}

describe("focus and panels, in the browser", () => {
  it("gives the focus back to what opened a dialog when Escape closes it", async () => {
    const otto = await open("otto");
    await signUp(otto);
    const { page } = otto;
    await createChannel(page, "focus-lab");
    await say(page, "Something to delete later");

    const dialogs: [opener: Locator, dialog: string][] = [
      [page.getByTestId("new-channel"), "new-channel-dialog"],
      [page.getByTestId("browse-channels"), "browse-dialog"],
      [page.getByTestId("new-message"), "new-dm-dialog"],
      [page.getByTestId("edit-room"), "room-settings-dialog"],
    ];
    for (const [opener, dialog] of dialogs) {
      const openerId = await opener.getAttribute("data-testid");
      await opener.click();
      await page.getByTestId(dialog).waitFor();
      // The dialog takes the focus while it is open...
      await expect.poll(() => focusInDialog(page)).toBe(true);
      await page.keyboard.press("Escape");
      await page.getByTestId(dialog).waitFor({ state: "detached" });
      // ...and hands it back to its opener, not to <body>.
      await expect.poll(() => focusedTestId(page), { message: dialog }).toBe(openerId);
    }

    // The confirmation a message's delete button asks for, too.
    const message = messageWithText(page, "Something to delete later");
    await (await messageActions(message)).getByTestId("delete-button").click();
    const confirm = page.getByRole("dialog", { name: "Delete this message?" });
    await confirm.waitFor();
    await page.keyboard.press("Escape");
    await confirm.waitFor({ state: "detached" });
    await expect.poll(() => focusedTestId(page)).toBe("delete-button");
    expect(await messageWithText(page, "Something to delete later").count()).toBe(1);
    expect(otto.problems).toEqual([]);
  });

  it("closes the thread panel with Escape and gives the focus back to the reply button", async () => {
    const pia = await open("pia");
    await signUp(pia);
    const { page } = pia;
    await say(page, "Shall we thread this?");
    const parent = messageWithText(page, "Shall we thread this?");
    const parentId = await parent.getAttribute("data-message-id");

    await openThread(page, "Shall we thread this?");
    // Opening a thread is to reply in it.
    await expect.poll(() => focusedTestId(page)).toBe("thread-composer-input");
    await page.keyboard.press("Escape");
    await page.getByTestId("thread-panel").waitFor({ state: "detached" });
    await expect.poll(() => focusedTestId(page)).toBe("reply-button");
    expect(await focusedMessageId(page)).toBe(parentId);

    // Escape that closes something inside the thread (an edit) closes only that.
    await openThread(page, "Shall we thread this?");
    await say(page, "A reply to edit", "thread-composer-input");
    const reply = messageWithText(page, "A reply to edit", "thread-messages");
    await (await messageActions(reply)).getByTestId("edit-button").click();
    await page.getByTestId("edit-input").press("Escape");
    await page.getByTestId("edit-input").waitFor({ state: "detached" });
    expect(await page.getByTestId("thread-panel").count()).toBe(1);
    expect(pia.problems).toEqual([]);
  });

  for (const [name, viewport] of [
    ["quin", { width: 1280, height: 800 }],
    ["rae", { width: 390, height: 844 }],
  ] as const) {
    it(`shows a thread as its parent, then its replies: no channel intro and no gap, at ${viewport.width} px`, async () => {
      const person = await open(name);
      await person.page.setViewportSize(viewport);
      await signUp(person);
      const { page } = person;
      await say(page, `Parent of ${name}'s thread`);
      const panel = await openThread(page, `Parent of ${name}'s thread`);
      await say(page, `${name}'s first reply`, "thread-composer-input");
      await say(page, `${name}'s second reply`, "thread-composer-input");
      const first = messageWithText(page, `${name}'s first reply`, "thread-messages");
      await messageWithText(page, `${name}'s second reply`, "thread-messages").waitFor();

      // What belongs to the channel stays out of the thread.
      expect(await panel.getByText("This is the very beginning.").count()).toBe(0);
      expect(await panel.locator(".day-divider").count()).toBe(0);
      // The parent, its reply count, then the replies right under it.
      const parentBox = await panel.getByTestId("thread-parent").boundingBox();
      const firstBox = await first.boundingBox();
      if (!parentBox || !firstBox) throw new Error("not rendered");
      expect(firstBox.y).toBeGreaterThan(parentBox.y);
      expect(firstBox.y - (parentBox.y + parentBox.height)).toBeLessThan(48);
      await page.screenshot({ path: `${artifacts}thread-panel-${viewport.width}.png` });
      expect(person.problems).toEqual([]);
    });
  }
});
