import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useBrowserSession } from "./support/browser-session.js";
import {
  createChannel,
  messageActions,
  messageWithText,
  online,
  openRoom,
  say,
  signIn,
  signInScreen,
  signUp,
} from "./support/person.js";

const { open } = useBrowserSession();

const composer = (page: Page) => page.getByTestId("composer-input");
const threadComposer = (page: Page) => page.getByTestId("thread-composer-input");

async function openThread(page: Page, text: string): Promise<void> {
  await (await messageActions(messageWithText(page, text))).getByTestId("reply-button").click();
  await page.getByTestId("thread-panel").waitFor();
}

async function closeThread(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Close thread" }).click();
  await page.getByTestId("thread-panel").waitFor({ state: "detached" });
}

describe("drafts, in the browser", () => {
  it("keeps a draft per room through room switches and a reload, and drops it once sent", async () => {
    const dora = await open("dora");
    await signUp(dora);
    const { page } = dora;

    // Half a thought in #general, another in a new channel.
    await composer(page).fill("Half a thought in general");
    await createChannel(page, "lunch-plans");
    await expect.poll(() => composer(page).inputValue()).toBe("");
    await composer(page).fill("Half a thought in lunch-plans");
    await openRoom(page, "general");
    await expect.poll(() => composer(page).inputValue()).toBe("Half a thought in general");
    await openRoom(page, "lunch-plans");
    await expect.poll(() => composer(page).inputValue()).toBe("Half a thought in lunch-plans");

    // A reload keeps both.
    await page.reload();
    await online(page).waitFor();
    await openRoom(page, "general");
    await expect.poll(() => composer(page).inputValue()).toBe("Half a thought in general");

    // Sent, a draft is gone for good: after another reload the composer is empty.
    await composer(page).press("Enter");
    await messageWithText(page, "Half a thought in general").waitFor();
    await expect.poll(() => composer(page).inputValue()).toBe("");
    await page.reload();
    await online(page).waitFor();
    await openRoom(page, "general");
    await messageWithText(page, "Half a thought in general").waitFor();
    expect(await composer(page).inputValue()).toBe("");
    await openRoom(page, "lunch-plans");
    await expect.poll(() => composer(page).inputValue()).toBe("Half a thought in lunch-plans");
    expect(dora.problems).toEqual([]);
  });

  it("keeps a draft per thread through closing the thread and a reload, and drops it once sent", async () => {
    const eli = await open("eli");
    await signUp(eli);
    const { page } = eli;
    await say(page, "Where shall we eat, Eli?");
    await messageWithText(page, "Where shall we eat, Eli?").waitFor();

    await openThread(page, "Where shall we eat, Eli?");
    await threadComposer(page).fill("A reply not sent yet");
    await closeThread(page);
    // The room's composer has a draft of its own.
    expect(await composer(page).inputValue()).toBe("");
    await openThread(page, "Where shall we eat, Eli?");
    await expect.poll(() => threadComposer(page).inputValue()).toBe("A reply not sent yet");

    await page.reload();
    await online(page).waitFor();
    await openThread(page, "Where shall we eat, Eli?");
    await expect.poll(() => threadComposer(page).inputValue()).toBe("A reply not sent yet");

    await threadComposer(page).press("Enter");
    await messageWithText(page, "A reply not sent yet", "thread-messages").waitFor();
    await expect.poll(() => threadComposer(page).inputValue()).toBe("");
    await closeThread(page);
    await openThread(page, "Where shall we eat, Eli?");
    expect(await threadComposer(page).inputValue()).toBe("");
    // Nothing is left for a reload to bring back. (A reload here would ask for
    // the thread again, and this test's requests already brush the server's
    // rate limit.)
    const drafts = `Object.keys(localStorage).filter((key) => key.startsWith("parley:drafts:"))`;
    expect(await page.evaluate(drafts)).toEqual([]);
    expect(eli.problems).toEqual([]);
  });

  it("keeps one person's drafts from the next person at the same browser", async () => {
    const gus = await open("gus");
    await signUp(gus);
    const { page } = gus;
    await composer(page).fill("Gus's private draft");

    await page.getByTestId("sign-out").click();
    await signInScreen(page).waitFor();
    await signUp(gus, "hana");
    await page.getByTestId("room-title").filter({ hasText: "#general" }).waitFor();
    expect(await composer(page).inputValue()).toBe("");
    await composer(page).fill("Hana's own draft");

    await page.getByTestId("sign-out").click();
    await signInScreen(page).waitFor();
    await signIn(gus, "gus");
    await page.getByTestId("room-title").filter({ hasText: "#general" }).waitFor();
    await expect.poll(() => composer(page).inputValue()).toBe("Gus's private draft");
    expect(gus.problems).toEqual([]);
  });

  it("lets people type and keeps drafts for the page's lifetime when storage is full or disabled", async () => {
    for (const [name, refusal] of [
      // Every write refused, as when the quota is used up.
      ["ivy", `Storage.prototype.setItem = () => { throw new DOMException("full", "QuotaExceededError"); };`],
      // No storage at all, as when a browser blocks site data.
      [
        "jon",
        `Object.defineProperty(window, "localStorage", { get() { throw new DOMException("denied", "SecurityError"); } });`,
      ],
    ] as const) {
      const person = await open(name);
      await person.context.addInitScript(refusal);
      await person.page.reload();
      await signUp(person);
      const { page } = person;
      await composer(page).pressSequentially(`${name} still typing`);
      await createChannel(page, `${name}-room`);
      await openRoom(page, "general");
      await expect.poll(() => composer(page).inputValue()).toBe(`${name} still typing`);
      await composer(page).press("Enter");
      await messageWithText(page, `${name} still typing`).waitFor();
      await expect.poll(() => composer(page).inputValue()).toBe("");
      expect(person.problems).toEqual([]);
    }
  });
});
