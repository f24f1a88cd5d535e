import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults } from "axe-core";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useBrowserSession } from "./support/browser-session.js";
import { say, signUp } from "./support/person.js";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const { open } = useBrowserSession();

/**
 * axe-core's serious and critical findings on the page as it stands, one line
 * each. Evaluated through the DevTools protocol, which the app's strict CSP
 * (no inline scripts) does not govern, so the page under test is unchanged.
 */
async function seriousFindings(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  // A string, so that this Node-side file needs no DOM types.
  const results = await page.evaluate<AxeResults>("axe.run()");
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(" ")}`));
}

describe("accessibility (axe-core), against the production build", () => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    it(`finds nothing serious on the sign-in page and in a room at ${viewport.width} px`, async () => {
      const person = await open(`axe${viewport.width}`);
      await person.page.setViewportSize(viewport);
      expect(await seriousFindings(person.page)).toEqual([]);

      await signUp(person);
      await say(person.page, "Checking how this reads for everyone");
      // Times, day dividers, system messages and the sidebar's headings are all on screen now.
      await person.page.getByTestId("system-message").first().waitFor();
      expect(await seriousFindings(person.page)).toEqual([]);

      if (viewport.width < 640) {
        await person.page.getByTestId("menu-button").click();
        // Slid all the way in: mid-slide, colours are still blending with the backdrop.
        const drawer = person.page.getByTestId("drawer");
        await expect.poll(async () => (await drawer.boundingBox())?.x).toBe(0);
        expect(await seriousFindings(person.page)).toEqual([]);
      }
    });
  }
});
