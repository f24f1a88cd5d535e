import type { Browser } from "playwright-core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { launchChromium } from "./support/chromium.js";
import { messageWithText, online, openBrowserFor, say, signUp, type Person } from "./support/person.js";
import { startProductionServer, type ProductionServer } from "./support/production-server.js";

let environment: Promise<{ server: ProductionServer; browser: Browser }> | undefined;
let people: Person[] = [];

function ready() {
  environment ??= (async () => {
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

async function open(name: string): Promise<Person> {
  const { server, browser } = await ready();
  const person = await openBrowserFor(browser, server.url, name);
  people.push(person);
  return person;
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

describe("the outbox, in the browser", () => {
  it("sends messages left in the outbox once after a page reload, even if the server had them", async () => {
    const alice = await open("olive");
    // A switch on alice's connection to the server. Cut, it drops what the
    // server says (so her messages arrive but their acks never do) and refuses
    // new connections (the handshake starts with an HTTP long-poll).
    let cut = false;
    await alice.page.route("**/socket.io/**", (route) => (cut ? route.abort() : route.continue()));
    await alice.page.routeWebSocket(/\/socket\.io\//, (page) => {
      const server = page.connectToServer();
      page.onMessage((message) => server.send(message));
      server.onMessage((message) => {
        if (!cut) page.send(message);
      });
    });
    // WebSocket routes apply to documents loaded after they are set.
    await alice.page.reload();
    await signUp(alice);
    const bob = await open("oscar");
    await signUp(bob);

    cut = true;
    await say(alice.page, "sent while the acks were lost");
    await say(alice.page, "and another one");
    // The first reached the server (bob has it) but alice never heard back; the
    // outbox sends in order, so the second waits behind it.
    await messageWithText(bob.page, "sent while the acks were lost").waitFor();
    await expect.poll(() => alice.page.getByTestId("pending-message").count()).toBe(2);

    // The reload finds them in the outbox (localStorage) and, once the
    // connection is back, sends them again: the server answers with the
    // originals instead of storing them twice.
    await alice.page.reload();
    cut = false;
    await online(alice.page).waitFor({ timeout: 30_000 });
    await expect.poll(() => alice.page.getByTestId("pending-message").count(), { timeout: 30_000 }).toBe(0);

    for (const page of [alice.page, bob.page]) {
      for (const text of ["sent while the acks were lost", "and another one"]) {
        await messageWithText(page, text).first().waitFor();
        expect(await messageWithText(page, text).count()).toBe(1);
      }
    }
    // Bob's page after a reload shows what the store holds: each message once.
    await bob.page.reload();
    for (const text of ["sent while the acks were lost", "and another one"]) {
      await messageWithText(bob.page, text).first().waitFor();
      expect(await messageWithText(bob.page, text).count()).toBe(1);
    }
    expect(await alice.page.getByTestId("failed-message").count()).toBe(0);
  });
});
