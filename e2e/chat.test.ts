import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { launchChromium } from "./support/chromium.js";
import {
  PASSWORD,
  authError,
  messageWithText,
  online,
  onlineEntry,
  onlineNames,
  openBrowserFor,
  openTab,
  say,
  signIn,
  signInScreen,
  signUp,
  submitCredentials,
  systemMessage,
  type Person,
} from "./support/person.js";
import { startProductionServer, type ProductionServer } from "./support/production-server.js";

const artifacts = fileURLToPath(new URL("./test-artifacts/", import.meta.url));

interface Environment {
  server: ProductionServer;
  browser: Browser;
}

/**
 * Started by the first test that needs it, not in beforeAll: when there is no
 * Chromium (or no build), every test then fails with the reason, where a
 * failing hook would only mark them skipped.
 */
let environment: Promise<Environment> | undefined;
let people: Person[] = [];

function ready(): Promise<Environment> {
  environment ??= (async () => {
    mkdirSync(artifacts, { recursive: true });
    const browser = await launchChromium();
    try {
      return { browser, server: await startProductionServer() };
    } catch (error) {
      await browser.close();
      throw error;
    }
  })();
  return environment;
}

afterEach(async () => {
  await Promise.all(people.map((person) => person.context.close()));
  people = [];
});

afterAll(async () => {
  const started = await environment?.catch(() => undefined);
  await started?.browser.close();
  await started?.server.stop();
});

/**
 * A new browser context on the app's sign-in screen. The database lives as
 * long as the file's server, so every test uses names of its own.
 */
async function open(name: string): Promise<Person> {
  const { server, browser } = await ready();
  const person = await openBrowserFor(browser, server.url, name);
  people.push(person);
  return person;
}

async function screenshot(tab: Person | Page, name: string): Promise<void> {
  const page = "page" in tab ? tab.page : tab;
  await page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });
}

/** A Content-Security-Policy header as its directives: name → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = "", ...sources]) => [name, sources]),
  );
}

describe("Parley in the browser, against the production build", () => {
  it("lets two people sign up and talk in #general, live", async () => {
    const alice = await open("alice");
    await signUp(alice);
    const bob = await open("bob");
    await signUp(bob);

    // Each sees the other arrive: bob in alice's live feed, alice in the history bob received.
    await systemMessage(alice.page, "bob joined").waitFor();
    await systemMessage(bob.page, "alice joined").waitFor();

    for (const { page } of [alice, bob]) {
      await expect.poll(() => onlineNames(page)).toEqual(["alice", "bob"]);
    }
    await onlineEntry(alice.page, "alice").getByText("(you)").waitFor();
    await onlineEntry(bob.page, "bob").getByText("(you)").waitFor();
    expect(await onlineEntry(alice.page, "bob").textContent()).not.toContain("(you)");

    await say(alice.page, "Hi Bob, welcome to Parley!");
    const atBob = messageWithText(bob.page, "Hi Bob, welcome to Parley!");
    await expect.poll(() => atBob.getByTestId("message-author").textContent()).toBe("alice");
    expect(await atBob.getAttribute("data-kind")).toBe("user");
    // The time shows as HH:MM, with the full date in its tooltip.
    expect(await atBob.locator("time").textContent()).toMatch(/^\d{2}:\d{2}$/);
    expect(await atBob.locator("time").getAttribute("title")).toBeTruthy();

    await say(bob.page, "Thanks Alice!\nGlad to be here.");
    const atAlice = messageWithText(alice.page, "Thanks Alice!\nGlad to be here.");
    await expect.poll(() => atAlice.getByTestId("message-author").textContent()).toBe("bob");

    // The composer is empty again once the server acknowledged the message.
    await expect.poll(() => alice.page.getByTestId("composer-input").inputValue()).toBe("");

    await screenshot(alice, "alice");
    await screenshot(bob, "bob");
    expect(alice.problems).toEqual([]);
    expect(bob.problems).toEqual([]);
  });

  it("allows no username made of HTML, and shows what people write as text, never as HTML", async () => {
    const { server } = await ready();
    const carol = await open("carol");

    // The username rules leave no room for markup: the form says so before asking the server...
    const htmlName = "<img src=x onerror=alert(1)>";
    await submitCredentials(carol.page, "sign-up", htmlName, PASSWORD);
    await expect.poll(() => authError(carol.page)).toContain("A username is 1 to 32 letters, digits");
    // ...and the server refuses such a name whoever asks.
    const direct = await fetch(`${server.url}/api/accounts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: htmlName, password: PASSWORD }),
    });
    expect(direct.status).toBe(400);
    expect(await direct.json()).toMatchObject({ error: { code: "invalid_payload" } });

    await signUp(carol);
    const dave = await open("dave");
    await signUp(dave);

    const attack = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1"><b>bold</b>`;
    await say(carol.page, attack);

    const atDave = messageWithText(dave.page, attack);
    await expect.poll(() => atDave.getByTestId("message-text").textContent()).toBe(attack);
    expect(await atDave.locator("script, img, b").count()).toBe(0);
    expect(await dave.page.getByTestId("message-list").locator("script, img").count()).toBe(0);
    await messageWithText(carol.page, attack).waitFor();
    for (const person of [carol, dave]) {
      expect(await person.page.evaluate("typeof window.__pwned")).toBe("undefined");
      expect(person.violations).toEqual([]);
      expect(person.problems).toEqual([]);
    }
  });

  it("holds private conversations, and says when the other person is gone", async () => {
    const erin = await open("erin");
    await signUp(erin);
    const frank = await open("frank");
    await signUp(frank);

    // Erin opens a conversation with Frank from the online list.
    await onlineEntry(erin.page, "frank").getByRole("button").click();
    await erin.page.getByRole("heading", { name: "frank" }).waitFor();
    await say(erin.page, "Psst, Frank: only you can read this.");
    await messageWithText(erin.page, "Psst, Frank: only you can read this.").waitFor();

    // Frank is in #general: the conversation appears in his sidebar, unread.
    const toErin = frank.page.locator('[data-testid="conversation-link"][data-conversation="private:erin"]');
    await toErin.getByText("1", { exact: true }).waitFor();
    expect(await messageWithText(frank.page, "Psst, Frank: only you can read this.").count()).toBe(0);
    await toErin.click();
    const secret = messageWithText(frank.page, "Psst, Frank: only you can read this.");
    await expect.poll(() => secret.getAttribute("data-kind")).toBe("private");
    expect(await secret.getByTestId("message-author").textContent()).toBe("erin");

    await say(frank.page, "Got it.");
    await messageWithText(erin.page, "Got it.").waitFor();
    await screenshot(erin, "erin-private");

    // Frank signs out: he is back on the sign-in screen, and Erin's next message cannot reach him.
    await frank.page.getByTestId("sign-out").click();
    await signInScreen(frank.page).waitFor();
    await expect.poll(() => onlineNames(erin.page)).toEqual(expect.not.arrayContaining(["frank"]));

    await say(erin.page, "Are you still there?");
    await expect
      .poll(() => erin.page.getByRole("alert").textContent())
      .toContain("frank is not online, so your message was not sent");
    // The text stays, to send again later.
    expect(await erin.page.getByTestId("composer-input").inputValue()).toBe("Are you still there?");
    await screenshot(erin, "erin-recipient-offline");
    expect(erin.problems).toEqual([]);
    expect(frank.problems).toEqual([]);
  });

  it("keeps the session across reloads in an HTTP-only cookie, and ends it on sign-out", async () => {
    const grace = await open("grace");
    await signUp(grace);
    await say(grace.page, "Before the reload");
    await messageWithText(grace.page, "Before the reload").waitFor();

    // The page's scripts cannot read the session.
    const cookies = await grace.context.cookies();
    expect(cookies).toEqual([expect.objectContaining({ name: "parley_session", httpOnly: true, sameSite: "Strict" })]);
    expect(await grace.page.evaluate("document.cookie")).toBe("");

    await grace.page.reload();
    await online(grace.page).waitFor();
    expect(await grace.page.getByTestId("current-user").textContent()).toBe("grace");
    await messageWithText(grace.page, "Before the reload").waitFor();

    await grace.page.getByTestId("sign-out").click();
    await signInScreen(grace.page).waitFor();
    await grace.page.reload();
    await signInScreen(grace.page).waitFor();
    expect(await grace.page.getByTestId("connection-state").count()).toBe(0);
    expect(await grace.page.evaluate("fetch('/api/session').then((response) => response.status)")).toBe(401);
    expect(grace.problems).toEqual([]);
  });

  it("refuses a taken name and a wrong password, and says why", async () => {
    const heidi = await open("heidi");
    await signUp(heidi);

    const impostor = await open("impostor");
    await submitCredentials(impostor.page, "sign-up", "heidi", "another long password");
    await expect.poll(() => authError(impostor.page)).toContain("That username is taken");
    await screenshot(impostor, "sign-up-refused");

    await submitCredentials(impostor.page, "sign-in", "heidi", "not heidi's password");
    await expect.poll(() => authError(impostor.page)).toBe("Wrong username or password");
    // A name without an account gets the same answer: nobody learns which names exist.
    await submitCredentials(impostor.page, "sign-in", "nobody-here", "not heidi's password");
    await expect.poll(() => authError(impostor.page)).toBe("Wrong username or password");
    expect(await impostor.page.getByTestId("connection-state").count()).toBe(0);

    // The right password works from the same screen, and heidi in two browsers is one person online.
    await signIn(impostor, "heidi");
    expect(await impostor.page.getByTestId("current-user").textContent()).toBe("heidi");
    await expect.poll(() => onlineNames(heidi.page)).toEqual(["heidi"]);
    expect(heidi.problems).toEqual([]);
    expect(impostor.problems).toEqual([]);
  });

  it("signs every tab out when one tab signs out", async () => {
    const ivan = await open("ivan");
    await signUp(ivan);
    // A second tab shares the cookie: straight into the chat, and still one person online.
    const second = await openTab(ivan);
    await online(second).waitFor();
    expect(await second.getByTestId("current-user").textContent()).toBe("ivan");
    await expect.poll(() => onlineNames(second)).toEqual(["ivan"]);

    await ivan.page.getByTestId("sign-out").click();
    await signInScreen(ivan.page).waitFor();
    // The server closed the other tab's connection with the session: it is back on the sign-in screen, told why.
    await signInScreen(second).waitFor();
    expect(await second.getByTestId("auth-notice").textContent()).toContain("You have been signed out");
    await screenshot(second, "signed-out-in-another-tab");
    expect(ivan.problems).toEqual([]);
  });

  it("works under the server's strict Content-Security-Policy", async () => {
    const judy = await open("judy");
    // The page's own response carries the policy: nothing inline, nothing from elsewhere.
    const policy = directives((await judy.firstLoad?.allHeaders())?.["content-security-policy"] ?? "");
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("script-src")).toEqual(["'self'"]);
    expect(policy.get("style-src")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect([...policy.values()].flat().filter((source) => source.startsWith("'unsafe-"))).toEqual([]);

    await signUp(judy);
    await say(judy.page, "Strict and still chatting");
    await messageWithText(judy.page, "Strict and still chatting").waitFor();
    expect(judy.violations).toEqual([]);
    expect(judy.problems).toEqual([]);

    // And the policy is in force: an inline script, which the app never uses, is refused.
    await judy.page.evaluate(`{
      const script = document.createElement("script");
      script.textContent = "window.__inline = 1";
      document.body.append(script);
    }`);
    await expect.poll(() => judy.violations).toEqual(["script-src-elem inline"]);
    expect(await judy.page.evaluate("typeof window.__inline")).toBe("undefined");
  });
});
