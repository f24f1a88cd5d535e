import { expect, it } from "vitest";
import { useBrowserSession } from "./support/browser-session.js";
import { signInScreen, signUp } from "./support/person.js";

const { ready, open } = useBrowserSession();

/** Every console error and uncaught exception of a page from the start, with nothing excused. */
async function visitSignInPage(cookie?: string): Promise<string[]> {
  const { browser, server } = await ready();
  const context = await browser.newContext({ baseURL: server.url });
  try {
    if (cookie !== undefined) await context.addCookies([{ name: "parley_session", value: cookie, url: server.url }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`${message.text()} (${message.location().url})`);
    });
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto("/");
    await signInScreen(page).waitFor();
    // The session check has been answered (the form shows after it); let anything else settle too.
    await page.waitForLoadState("networkidle");
    return errors;
  } finally {
    await context.close();
  }
}

it("visiting the sign-in page logs no error to the console", async () => {
  expect(await visitSignInPage()).toEqual([]);
});

it("nor does a visit with a session that has ended", async () => {
  // A cookie the server no longer knows: revoked on another device, or from an old database.
  expect(await visitSignInPage("a-session-that-is-no-more")).toEqual([]);
});

it("nor does signing out and coming back", async () => {
  const ivan = await open("ivan");
  const errors: string[] = [];
  ivan.page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${message.text()} (${message.location().url})`);
  });
  await signUp(ivan);
  await ivan.page.getByTestId("sign-out").click();
  await signInScreen(ivan.page).waitFor();
  await ivan.page.reload();
  await signInScreen(ivan.page).waitFor();
  await ivan.page.waitForLoadState("networkidle");
  expect(errors).toEqual([]);
});
