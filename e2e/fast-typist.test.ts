import { setTimeout as sleep } from "node:timers/promises";
import { expect, it } from "vitest";
import { useBrowserSession } from "./support/browser-session.js";
import { messageWithText, signUp } from "./support/person.js";

const { open } = useBrowserSession();

it("delivers 25 short messages typed 80 ms apart, with the connection never closed and none left sending", async () => {
  const tess = await open("tess");
  await signUp(tess);
  const toby = await open("toby");
  await signUp(toby);

  // Every state the connection badge goes through from now on (a script: this file has no DOM types).
  await tess.page.evaluate(`{
    const states = [];
    window.connectionStates = states;
    new MutationObserver((changes) => {
      for (const { target } of changes)
        if (target.getAttribute("data-testid") === "connection-state") states.push(target.getAttribute("data-state"));
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
  }`);

  const texts = Array.from({ length: 25 }, (_, i) => `quick ${i + 1}`);
  const input = tess.page.getByTestId("composer-input");
  for (const text of texts) {
    // Typed key by key, so every message also starts a typing notice.
    await input.pressSequentially(text);
    await input.press("Enter");
    await sleep(80);
  }

  for (const page of [tess.page, toby.page]) {
    for (const text of texts) await messageWithText(page, text).waitFor({ timeout: 30_000 });
  }
  await expect.poll(() => tess.page.getByTestId("pending-message").count(), { timeout: 30_000 }).toBe(0);
  expect(await tess.page.getByTestId("failed-message").count()).toBe(0);
  for (const text of texts) expect(await messageWithText(toby.page, text).count()).toBe(1);
  expect(await tess.page.evaluate("window.connectionStates")).toEqual([]);
  expect(await tess.page.getByTestId("connection-state").getAttribute("data-state")).toBe("online");
});
