import type { Browser } from "playwright-core";
import { afterAll, afterEach } from "vitest";
import { launchChromium } from "./chromium.js";
import { openBrowserFor, type Person } from "./person.js";
import { startProductionServer, type ProductionServer } from "./production-server.js";

export interface Environment {
  server: ProductionServer;
  browser: Browser;
}

/**
 * One production server and one Chromium for a test file, and a fresh
 * browser context per person. Call at the top of a test file.
 *
 * Started by the first test that needs it, not in beforeAll: when there is no
 * Chromium (or no build), every test then fails with the reason, where a
 * failing hook would only mark them skipped.
 */
export function useBrowserSession(prepare: () => void = () => {}) {
  let environment: Promise<Environment> | undefined;
  let people: Person[] = [];

  function ready(): Promise<Environment> {
    environment ??= (async () => {
      prepare();
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

  return { ready, open };
}
