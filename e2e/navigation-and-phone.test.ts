import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { connect, signUp as signUpByApi, uniqueNames, whenOnline, type Chatter } from "./faults/support/chatters.js";
import { useBrowserSession } from "./support/browser-session.js";
import {
  createChannel,
  messageActions,
  messageWithText,
  online,
  openRoom,
  say,
  signUp,
  submitCredentials,
} from "./support/person.js";

const artifacts = fileURLToPath(new URL("./test-artifacts/", import.meta.url));

const { ready, open } = useBrowserSession(() => {
  mkdirSync(artifacts, { recursive: true });
  // A helper posts a long history quickly; people's own limits are not what these tests are about.
  process.env.RATE_LIMIT_REQUESTS = "100000/10s";
});

const shot = (page: Page, name: string) => page.screenshot({ path: `${artifacts}${name}.png` });
const path = (page: Page) => new URL(page.url()).pathname;

/** Someone who posts through the SDK, to fill a room's history fast. */
async function poster(baseUrl: string, tag: string): Promise<Chatter> {
  const [account] = await signUpByApi(baseUrl, uniqueNames(tag, 1));
  if (!account) throw new Error("no account");
  const chatter = connect(account, baseUrl);
  await whenOnline(chatter);
  return chatter;
}

async function post(chatter: Chatter, roomId: string, text: string, threadId?: string) {
  const sent = await chatter.client.send(roomId, text, threadId);
  if (!sent.ok) throw new Error(`${text}: ${sent.error.message}`);
  return sent.data;
}

/** Nothing on the page is wider than the window: no sideways scrolling. */
const sidewaysOverflow = (page: Page) =>
  page.evaluate<number>("document.scrollingElement.scrollWidth - window.innerWidth");

describe("addresses: every room, thread and message has one", () => {
  it("restores the room on reload, goes back and forward, and opens a linked message far back, marked", async () => {
    const { server } = await ready();
    const ann = await open("ann");
    await signUp(ann);
    const { page } = ann;
    await expect.poll(() => path(page)).toBe("/channels/general");

    await createChannel(page, "links");
    // Channels other than #general have ids the server chose.
    expect(path(page)).toMatch(/^\/channels\/(?!general$)[a-z0-9-]+$/);
    const linksPath = path(page);
    await page.reload();
    await page.getByTestId("room-title").filter({ hasText: "#links" }).waitFor();

    await openRoom(page, "general");
    expect(path(page)).toBe("/channels/general");
    await page.goBack();
    await page.getByTestId("room-title").filter({ hasText: "#links" }).waitFor();
    expect(path(page)).toBe(linksPath);
    await page.goForward();
    await page.getByTestId("room-title").filter({ hasText: "#general" }).waitFor();

    // A message with 80 after it: far past the newest page of 50.
    const bot = await poster(server.url, "linkbot");
    const needle = await post(bot, "general", "the needle far back");
    await post(bot, "general", "a reply to the needle", needle.id);
    for (let i = 0; i < 80; i++) await post(bot, "general", `filler ${i}`);

    await page.goto(`/channels/general/messages/${needle.id}`);
    const marked = page.locator('[data-testid="message-list"] [data-highlighted="true"]');
    await marked.waitFor();
    expect(await marked.getAttribute("data-message-id")).toBe(needle.id);
    expect(await marked.isVisible()).toBe(true);
    const box = (await marked.boundingBox())!;
    const list = (await page.getByTestId("message-list").boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(list.y);
    expect(box.y + box.height).toBeLessThanOrEqual(list.y + list.height);
    await shot(page, "1280-linked-message");

    // Scrolling down pages forward to the newest, and live messages show again.
    await page.getByTestId("jump-to-latest").click();
    await messageWithText(page, "filler 79").waitFor();
    await post(bot, "general", "live after reading history");
    await messageWithText(page, "live after reading history").waitFor();

    // A thread has an address too, and a reload keeps it open.
    await page.goto(`/channels/general/threads/${needle.id}`);
    await page.locator(`[data-testid="thread-panel"][data-thread-id="${needle.id}"]`).waitFor();
    await messageWithText(page, "a reply to the needle", "thread-messages").waitFor();
    await page.reload();
    await messageWithText(page, "a reply to the needle", "thread-messages").waitFor();
    await shot(page, "1280-thread");
    await page.goBack();
    await expect.poll(() => path(page)).toBe(`/channels/general/messages/${needle.id}`);

    // A room that is not there (or not this person's) falls back to #general, saying so.
    await page.goto("/channels/no-such-room");
    await page.getByTestId("notice").filter({ hasText: "does not exist" }).waitFor();
    await expect.poll(() => path(page)).toBe("/channels/general");
    await page.getByTestId("room-title").filter({ hasText: "#general" }).waitFor();

    // A search hit opens the message the same way: in context, marked.
    await openRoom(page, "links");
    await page.getByTestId("search-input").fill("needle far back");
    await page.getByTestId("search-input").press("Enter");
    await shot(page, "1280-search");
    await page.getByTestId("search-result").first().click();
    await expect.poll(() => path(page)).toBe(`/channels/general/messages/${needle.id}`);
    await page.locator(`[data-highlighted="true"][data-message-id="${needle.id}"]`).waitFor();

    // The laptop layout has no drawer: the sidebar is a column, the menu button hidden.
    expect(await page.getByTestId("menu-button").isVisible()).toBe(false);
    expect(await page.getByTestId("sidebar").isVisible()).toBe(true);
    await shot(page, "1280-room");
    bot.client.close();
    expect(ann.problems).toEqual([]);
  });
});

describe("on a phone (390 × 844)", () => {
  it("has a drawer, a thread screen, a usable search and no sideways scrolling", async () => {
    const { server, browser } = await ready();
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 } });
    try {
      const page = await context.newPage();
      await page.goto("/");
      await submitCredentials(page, "sign-up", "pia", "correct horse battery staple");
      await online(page).waitFor();
      const bot = await poster(server.url, "phonebot");
      for (let i = 0; i < 40; i++) await post(bot, "general", `history line ${i}`);
      await messageWithText(page, "history line 39").waitFor();
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await shot(page, "390-room");

      // Search is a real box, and its results fit the screen.
      const search = page.getByTestId("search-input");
      expect((await search.boundingBox())!.width).toBeGreaterThan(120);
      await search.fill("line 7");
      await search.press("Enter");
      const results = page.getByTestId("search-results");
      await results.waitFor();
      const resultsBox = (await results.boundingBox())!;
      expect(resultsBox.x).toBeGreaterThanOrEqual(0);
      expect(resultsBox.x + resultsBox.width).toBeLessThanOrEqual(390);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await shot(page, "390-search");
      await search.press("Escape");

      // The sidebar is a drawer: closed, opened by the menu button, closed by Esc, the backdrop or a choice.
      const drawer = page.getByTestId("drawer");
      const browse = page.getByTestId("browse-channels");
      expect(await browse.isVisible()).toBe(false);
      const menu = page.getByTestId("menu-button");
      await menu.click();
      await expect.poll(() => browse.isVisible()).toBe(true);
      const browseBox = (await browse.boundingBox())!;
      expect(browseBox.x + browseBox.width).toBeLessThanOrEqual(390);
      await expect
        .poll(() => page.evaluate<boolean>(`!!document.activeElement?.closest('[data-testid="drawer"]')`))
        .toBe(true);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      // The screenshot waits for the slide to end; nothing is asserted on time.
      await page.waitForTimeout(400);
      await shot(page, "390-drawer");
      await page.keyboard.press("Escape");
      await expect.poll(() => drawer.getAttribute("data-open")).toBe("false");
      await expect
        .poll(() => page.evaluate<string | null>(`document.activeElement?.getAttribute("data-testid")`))
        .toBe("menu-button");
      await menu.click();
      await page.getByTestId("drawer-backdrop").click({ position: { x: 370, y: 400 } });
      await expect.poll(() => drawer.getAttribute("data-open")).toBe("false");
      await menu.click();
      await page.getByTestId("new-channel").click();
      await page.getByTestId("channel-name-input").fill("pocket");
      await page.getByTestId("dialog-submit").click();
      await page.getByTestId("room-title").filter({ hasText: "#pocket" }).waitFor();
      await expect.poll(() => drawer.getAttribute("data-open")).toBe("false");
      await menu.click();
      await page.locator('[data-testid="channel-link"][data-room-name="general"]').click();
      await page.getByTestId("room-title").filter({ hasText: "#general" }).waitFor();
      await expect.poll(() => drawer.getAttribute("data-open")).toBe("false");

      // Jump to latest stays inside the list, below the room's header.
      await page.getByTestId("message-list").evaluate((list: { scrollTop: number }) => {
        list.scrollTop = 0;
      });
      const jump = page.getByTestId("jump-to-latest");
      await jump.waitFor();
      const header = (await page.getByTestId("room-header").boundingBox())!;
      expect((await jump.boundingBox())!.y).toBeGreaterThanOrEqual(header.y + header.height);
      await jump.click();

      // A thread is a screen of its own, with one composer and a way back.
      await say(page, "start a thread here");
      const toolbar = await messageActions(messageWithText(page, "start a thread here"));
      await toolbar.getByTestId("reply-button").click();
      await page.getByTestId("thread-panel").waitFor();
      expect(await page.getByTestId("room").isVisible()).toBe(false);
      expect(await page.getByTestId("composer-input").isVisible()).toBe(false);
      expect(await page.getByTestId("thread-composer-input").isVisible()).toBe(true);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await shot(page, "390-thread");
      await page.getByTestId("screen-back").click();
      await page.getByTestId("room").waitFor();
      expect(await page.getByTestId("thread-panel").count()).toBe(0);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      bot.client.close();
    } finally {
      await context.close();
    }
  });
});
