import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { launchChromium } from "./support/chromium.js";
import {
  join,
  messageWithText,
  online,
  onlineEntry,
  onlineNames,
  openBrowserFor,
  say,
  systemMessage,
  type OpenOptions,
  type Person,
} from "./support/person.js";
import { startProductionServer, type ProductionServer } from "./support/production-server.js";

const artifacts = fileURLToPath(new URL("./test-artifacts/", import.meta.url));

/** What the server is meant to send once it sets a policy: nothing inline, nothing from elsewhere. */
const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

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

/** A new browser context on the app's join screen. */
async function open(name: string, options?: OpenOptions): Promise<Person> {
  const { server, browser } = await ready();
  const person = await openBrowserFor(browser, server.url, name, options);
  people.push(person);
  return person;
}

async function screenshot(person: Person, name: string): Promise<void> {
  await person.page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });
}

describe("Parley in the browser, against the production build", () => {
  it("lets two people talk in #general, live", async () => {
    const alice = await open("alice");
    await join(alice);
    const bob = await open("bob");
    await join(bob);

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

  it("shows what people write as text, never as HTML", async () => {
    const carol = await open("carol");
    await join(carol);
    const dave = await open("dave");
    await join(dave);

    const attack = `<b>bold</b><img src=x onerror="window.__pwned=1">`;
    await say(carol.page, attack);

    const atDave = messageWithText(dave.page, attack);
    await expect.poll(() => atDave.getByTestId("message-text").textContent()).toBe(attack);
    expect(await atDave.locator("b, img").count()).toBe(0);
    expect(await dave.page.getByTestId("message-list").locator("img").count()).toBe(0);
    expect(await dave.page.evaluate("typeof window.__pwned")).toBe("undefined");
    expect(await carol.page.evaluate("typeof window.__pwned")).toBe("undefined");
  });

  it("holds private conversations, and says when the other person is gone", async () => {
    const erin = await open("erin");
    await join(erin);
    const frank = await open("frank");
    await join(frank);

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

    // Frank signs out: he is back on the join screen, and Erin's next message cannot reach him.
    await frank.page.getByTestId("sign-out").click();
    await frank.page.getByTestId("join-username").waitFor();
    await expect.poll(() => onlineNames(erin.page)).toEqual(expect.not.arrayContaining(["frank"]));

    await say(erin.page, "Are you still there?");
    await expect
      .poll(() => erin.page.getByRole("alert").textContent())
      .toContain("frank is not online, so your message was not sent");
    // The text stays, to send again later.
    expect(await erin.page.getByTestId("composer-input").inputValue()).toBe("Are you still there?");
    await screenshot(erin, "erin-recipient-offline");
    expect(erin.problems).toEqual([]);
  });

  it("rejoins by itself on reload, and forgets the name on sign-out", async () => {
    const grace = await open("grace");
    await join(grace);
    await say(grace.page, "Before the reload");
    await messageWithText(grace.page, "Before the reload").waitFor();

    await grace.page.reload();
    await online(grace.page).waitFor();
    expect(await grace.page.getByTestId("current-user").textContent()).toBe("grace");
    await messageWithText(grace.page, "Before the reload").waitFor();

    await grace.page.getByTestId("sign-out").click();
    await grace.page.getByTestId("join-username").waitFor();
    await grace.page.reload();
    await grace.page.getByTestId("join-username").waitFor();
    expect(await grace.page.getByTestId("connection-state").count()).toBe(0);
  });

  it("refuses a name someone else is using, and says why", async () => {
    const heidi = await open("heidi");
    await join(heidi);

    const impostor = await open("impostor");
    await impostor.page.getByTestId("join-username").fill("heidi");
    await impostor.page.getByTestId("join-submit").click();
    await expect
      .poll(() => impostor.page.getByTestId("join-error").textContent())
      .toBe("That name is taken — someone else is using it");
    await screenshot(impostor, "join-refused");

    // A name the server would refuse is caught before connecting.
    await impostor.page.getByTestId("join-username").fill("not a name!");
    await impostor.page.getByTestId("join-submit").click();
    await expect.poll(() => impostor.page.getByTestId("join-error").textContent()).toContain("A username is");

    // Another name works from the same screen.
    await join(impostor, "ivan");
  });

  it("works under a strict Content-Security-Policy", async () => {
    const judy = await open("judy", { contentSecurityPolicy: STRICT_CSP });
    const violations: string[] = [];
    await judy.page.exposeFunction("reportViolation", (violation: string) => violations.push(violation));
    await judy.page.addInitScript(`
      document.addEventListener("securitypolicyviolation", (event) =>
        window.reportViolation(event.violatedDirective + " " + (event.blockedURI || "inline")));
    `);
    // Load again, now that violations from the very first byte are reported.
    await judy.page.reload();

    await join(judy);
    await say(judy.page, "Strict and still chatting");
    await messageWithText(judy.page, "Strict and still chatting").waitFor();
    expect(violations).toEqual([]);
    expect(judy.problems).toEqual([]);

    // And the policy was in force: an inline script, which the app never uses, is refused.
    await judy.page.evaluate(`{
      const script = document.createElement("script");
      script.textContent = "window.__inline = 1";
      document.body.append(script);
    }`);
    await expect.poll(() => violations).toEqual(["script-src-elem inline"]);
    expect(await judy.page.evaluate("typeof window.__inline")).toBe("undefined");
  });
});
