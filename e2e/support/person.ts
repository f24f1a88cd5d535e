import type { Browser, BrowserContext, ConsoleMessage, Locator, Page, Response } from "playwright-core";

/** Every test account's password: long enough for the rules, and no secret. */
export const PASSWORD = "correct horse battery staple";

/** One person at one browser: their own context, so their own session cookie. */
export interface Person {
  name: string;
  context: BrowserContext;
  /** Their first tab; `openTab` opens more. */
  page: Page;
  /** The server's response to the first tab's first load, as the browser received it. */
  firstLoad: Response | null;
  /** Uncaught exceptions and console errors on any of their tabs; a healthy app has none. */
  problems: string[];
  /** Content-Security-Policy violations on any of their tabs, as `directive blocked-uri`. */
  violations: string[];
}

export async function openBrowserFor(browser: Browser, baseURL: string, name: string): Promise<Person> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  const problems: string[] = [];
  const violations: string[] = [];
  // Reported from the very first byte of every page, before the app's own scripts run.
  await context.exposeBinding("reportViolation", (_source, violation: string) => violations.push(violation));
  await context.addInitScript(`
    document.addEventListener("securitypolicyviolation", (event) =>
      window.reportViolation(event.violatedDirective + " " + (event.blockedURI || "inline")));
  `);
  const page = await context.newPage();
  watch(page, problems);
  const firstLoad = await page.goto("/");
  return { name, context, page, firstLoad, problems, violations };
}

/** Another tab of the same browser: it shares the person's session cookie. */
export async function openTab(person: Person): Promise<Page> {
  const page = await person.context.newPage();
  watch(page, person.problems);
  await page.goto("/");
  return page;
}

function watch(page: Page, problems: string[]): void {
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !isAnsweredApiRequest(message)) {
      problems.push(`console error: ${message.text()}`);
    }
  });
}

/**
 * Chromium logs every HTTP error status as a console error, the API's
 * documented refusals included: 401 for a wrong password, 409 for a taken
 * name. The app handles those; a 5xx, or a failure anywhere else, is still a
 * problem. (Asking who is signed in is never an error: sign-in-page.test.ts.)
 */
function isAnsweredApiRequest(message: ConsoleMessage): boolean {
  const { pathname } = new URL(message.location().url || "about:blank");
  return (
    pathname.startsWith("/api/") &&
    /^Failed to load resource: the server responded with a status of 4\d\d\b/.test(message.text())
  );
}

export type AuthMode = "sign-in" | "sign-up";

/** Switches the sign-in screen to `mode`, once it is showing. */
export async function authMode(page: Page, mode: AuthMode): Promise<void> {
  const form = page.getByTestId("auth-form");
  await form.waitFor();
  if ((await form.getAttribute("data-mode")) !== mode) await page.getByTestId("auth-mode-toggle").click();
  await page.locator(`[data-testid="auth-form"][data-mode="${mode}"]`).waitFor();
}

/** Fills in the sign-in screen in `mode` and submits it; does not wait for the outcome. */
export async function submitCredentials(page: Page, mode: AuthMode, username: string, password: string): Promise<void> {
  await authMode(page, mode);
  await page.getByTestId("auth-username").fill(username);
  await page.getByTestId("auth-password").fill(password);
  await page.getByTestId("auth-submit").click();
}

/** Creates the person's account in the UI and waits until they are in the chat, online. */
export async function signUp(person: Person, username = person.name, password = PASSWORD): Promise<void> {
  await submitCredentials(person.page, "sign-up", username, password);
  await online(person.page).waitFor();
}

/** Signs in with an existing account and waits until they are in the chat, online. */
export async function signIn(person: Person, username = person.name, password = PASSWORD): Promise<void> {
  await submitCredentials(person.page, "sign-in", username, password);
  await online(person.page).waitFor();
}

/** The sign-in screen is showing. */
export function signInScreen(page: Page): Locator {
  return page.getByTestId("auth-username");
}

/** What the sign-in screen says went wrong. */
export function authError(page: Page): Promise<string | null> {
  return page.getByTestId("auth-error").textContent();
}

export function online(page: Page): Locator {
  return page.locator('[data-testid="connection-state"][data-state="online"]');
}

/** The message whose text is exactly `text`, in the open room (or, with "thread-messages", the open thread). */
export function messageWithText(page: Page, text: string, list = "message-list"): Locator {
  return page
    .getByTestId(list)
    .getByTestId("message")
    .filter({ has: page.getByTestId("message-text").getByText(text, { exact: true }) });
}

/** The system message (a join, a rename, ...) in the open room whose text is exactly `text`. */
export function systemMessage(page: Page, text: string): Locator {
  return page
    .getByTestId("message-list")
    .getByTestId("system-message")
    .filter({
      has: page.locator(".system-message__text").getByText(text, { exact: true }),
    });
}

/** Types into the composer (or the thread's) and presses Enter, as a person would. */
export async function say(page: Page, text: string, composer = "composer-input"): Promise<void> {
  const input = page.getByTestId(composer);
  await input.fill(text);
  await input.press("Enter");
}

/** A room's entry in the sidebar: a channel by its name, a direct conversation by its other members. */
export function roomLink(page: Page, name: string): Locator {
  return page
    .getByTestId("sidebar")
    .locator(
      `[data-testid="channel-link"][data-room-name="${name}"], [data-testid="dm-link"][data-room-name="${name}"]`,
    );
}

/** Opens a room from the sidebar and waits for its header. */
export async function openRoom(page: Page, name: string): Promise<void> {
  await roomLink(page, name).click();
  await page.locator(`[data-testid="room-title"]`).filter({ hasText: name }).waitFor();
}

/** Creates a channel through the "New channel" dialog; the app opens it. */
export async function createChannel(
  page: Page,
  name: string,
  { topic = "", visibility = "public" }: { topic?: string; visibility?: "public" | "private" } = {},
): Promise<void> {
  await page.getByTestId("new-channel").click();
  await page.getByTestId("channel-name-input").fill(name);
  if (topic !== "") await page.getByTestId("channel-topic-input").fill(topic);
  if (visibility === "private") await page.getByTestId("channel-private-toggle").check();
  await page.getByTestId("dialog-submit").click();
  await page
    .getByTestId("room-title")
    .filter({ hasText: `#${name}` })
    .waitFor();
}

/** Opens the members panel of the open room, if it is not open. */
export async function showMembers(page: Page): Promise<Locator> {
  const panel = page.getByTestId("members-panel");
  if (!(await panel.isVisible())) await page.getByTestId("members-button").click();
  await panel.waitFor();
  return panel;
}

/** The members of the open room with their presence, as the members panel lists them. */
export async function memberPresence(page: Page): Promise<Record<string, string | null>> {
  const panel = await showMembers(page);
  const entries = await panel.getByTestId("member").all();
  const pairs = await Promise.all(
    entries.map(async (entry): Promise<[string, string | null]> => [
      (await entry.getAttribute("data-username")) ?? "",
      await entry.getAttribute("data-presence"),
    ]),
  );
  return Object.fromEntries(pairs);
}

/** Hovers the message so its toolbar shows, and returns the toolbar. */
export async function messageActions(message: Locator): Promise<Locator> {
  await message.hover();
  const toolbar = message.getByTestId("message-actions");
  await toolbar.waitFor();
  return toolbar;
}
