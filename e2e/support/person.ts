import type { Browser, BrowserContext, Locator, Page } from "playwright-core";

/** One person at one browser: their own context, so their own localStorage and device key. */
export interface Person {
  name: string;
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors on the page; a healthy app has none. */
  problems: string[];
}

export interface OpenOptions {
  /** Sent with the page, as a Content-Security-Policy header. */
  contentSecurityPolicy?: string;
}

export async function openBrowserFor(
  browser: Browser,
  baseURL: string,
  name: string,
  { contentSecurityPolicy }: OpenOptions = {},
): Promise<Person> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  if (contentSecurityPolicy !== undefined) {
    await context.route(
      (url) => url.pathname === "/",
      async (route) => {
        const response = await route.fetch();
        await route.fulfill({
          response,
          headers: { ...response.headers(), "content-security-policy": contentSecurityPolicy },
        });
      },
    );
  }
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  await page.goto("/");
  return { name, context, page, problems };
}

/** Fills in the join screen and waits until the server let them in. */
export async function join(person: Person, username = person.name): Promise<void> {
  await person.page.getByTestId("join-username").fill(username);
  await person.page.getByTestId("join-submit").click();
  await online(person.page).waitFor();
}

export function online(page: Page): Locator {
  return page.locator('[data-testid="connection-state"][data-state="online"]');
}

/** The message (room or private) whose text is exactly `text`. */
export function messageWithText(page: Page, text: string): Locator {
  return page
    .getByTestId("message-list")
    .getByTestId("message")
    .filter({ has: page.getByTestId("message-text").getByText(text, { exact: true }) });
}

export function systemMessage(page: Page, text: string): Locator {
  return page.getByTestId("message-list").getByTestId("system-message").filter({ hasText: text });
}

/** Types into the composer and presses Enter, as a person would. */
export async function say(page: Page, text: string): Promise<void> {
  const input = page.getByTestId("composer-input");
  await input.fill(text);
  await input.press("Enter");
}

/** The names in the online list, in its order. */
export async function onlineNames(page: Page): Promise<(string | null)[]> {
  const entries = await page.getByTestId("online-list").locator("li").all();
  return Promise.all(entries.map((entry) => entry.getAttribute("data-username")));
}

/** A person's entry in the online list. */
export function onlineEntry(page: Page, username: string): Locator {
  return page.getByTestId("online-list").locator(`li[data-username="${username}"]`);
}
