import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useBrowserSession } from "./support/browser-session.js";
import { focusedTestId } from "./support/focus.js";
import { messageActions, messageWithText, say, signUp } from "./support/person.js";

const artifacts = fileURLToPath(new URL("./test-artifacts/", import.meta.url));
const { open } = useBrowserSession(() => mkdirSync(artifacts, { recursive: true }));

/** How far `inner` sticks out of `outer`'s box, in pixels; 0 when it is fully inside. */
async function overflow(inner: Locator, outer: Locator): Promise<number> {
  const [a, b] = await Promise.all([inner.boundingBox(), outer.boundingBox()]);
  if (!a || !b) throw new Error("not rendered");
  return Math.max(0, b.y - a.y, a.y + a.height - (b.y + b.height), b.x - a.x, a.x + a.width - (b.x + b.width));
}

/** Fills the view with messages of several lines each, so the newest sits at the bottom edge. */
async function fillTheView(page: Page, prefix: string): Promise<string> {
  const lines = (n: number) => Array.from({ length: 6 }, (_, line) => `${prefix} ${n}, line ${line + 1}`).join("\n");
  for (let n = 1; n <= 4; n++) await say(page, lines(n));
  await messageWithText(page, lines(4)).waitFor();
  return lines(4);
}

async function startEditing(page: Page, text: string): Promise<Locator> {
  await (await messageActions(messageWithText(page, text))).getByTestId("edit-button").click();
  return page.getByTestId("edit-input");
}

describe("editing a message, in the browser", () => {
  for (const [name, viewport] of [
    ["kai", { width: 1280, height: 800 }],
    ["lea", { width: 390, height: 844 }],
  ] as const) {
    it(`shows the whole edit form of the newest message, Save included, at ${viewport.width} px`, async () => {
      const person = await open(name);
      await person.page.setViewportSize(viewport);
      await signUp(person);
      const { page } = person;
      const newest = await fillTheView(page, `${name}'s status`);

      const input = await startEditing(page, newest);
      await expect.poll(() => focusedTestId(page)).toBe("edit-input");
      const list = page.getByTestId("message-list");
      const form = page.locator(".edit-form");
      // Within a pixel: layout rounds to fractions of one.
      await expect.poll(() => overflow(form, list)).toBeLessThan(1);
      await expect.poll(() => overflow(page.getByTestId("edit-save"), list)).toBeLessThan(1);
      await page.screenshot({ path: `${artifacts}edit-form-${viewport.width}.png` });

      // Save works from there, and the message shows the change.
      await input.fill(`${name}'s status, rewritten`);
      await page.getByTestId("edit-save").click();
      await messageWithText(page, `${name}'s status, rewritten`).getByTestId("edited-mark").waitFor();
      expect(person.problems).toEqual([]);
    });
  }

  it("offers to delete a message edited down to nothing: Cancel keeps it as it was, Delete deletes it", async () => {
    const mo = await open("mo");
    await signUp(mo);
    const nia = await open("nia");
    await signUp(nia);
    const { page } = mo;
    await say(page, "Keep me, maybe");
    await messageWithText(nia.page, "Keep me, maybe").waitFor();

    // Emptied and saved with Enter: a confirmation, not silence.
    let input = await startEditing(page, "Keep me, maybe");
    await input.fill("   ");
    await input.press("Enter");
    const confirm = page.getByRole("dialog", { name: "Delete this message?" });
    await confirm.waitFor();
    await page.screenshot({ path: `${artifacts}edit-confirm-delete-1280.png` });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "detached" });
    // Cancel: the message as it was, here and for the others, and no longer being edited.
    const mine = messageWithText(page, "Keep me, maybe");
    await mine.waitFor();
    expect(await page.getByTestId("edit-input").count()).toBe(0);
    expect(await mine.getByTestId("edited-mark").count()).toBe(0);
    expect(await messageWithText(nia.page, "Keep me, maybe").count()).toBe(1);

    // Emptied and saved with the button, at phone width: Delete deletes it for everyone.
    await page.setViewportSize({ width: 390, height: 844 });
    input = await startEditing(page, "Keep me, maybe");
    await input.fill("");
    await page.getByTestId("edit-save").click();
    await confirm.waitFor();
    await page.screenshot({ path: `${artifacts}edit-confirm-delete-390.png` });
    await confirm.getByTestId("confirm-delete").click();
    await confirm.waitFor({ state: "detached" });
    await messageWithText(nia.page, "This message was deleted").waitFor();
    await messageWithText(page, "This message was deleted").waitFor();
    expect(await messageWithText(page, "Keep me, maybe").count()).toBe(0);
    expect(mo.problems).toEqual([]);
    expect(nia.problems).toEqual([]);
  });
});
