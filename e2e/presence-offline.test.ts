import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { connect, signUp as signUpByApi, uniqueNames, whenOnline } from "./faults/support/chatters.js";
import { createTcpProxy } from "./faults/support/tcp-proxy.js";
import { launchChromium } from "./support/chromium.js";
import { memberPresence, online, openBrowserFor, signUp } from "./support/person.js";
import { startProductionServer } from "./support/production-server.js";

const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

describe("presence while this browser is offline", () => {
  it("shows as unknown, not as the last known status, and is asked again on reconnecting", async () => {
    const server = await startProductionServer();
    stops.push(() => server.stop());
    const browser = await launchChromium();
    stops.push(() => browser.close());
    // Only this browser goes through the proxy: cutting it cuts no one else.
    const proxy = await createTcpProxy(Number(new URL(server.url).port));
    stops.push(() => proxy.close());

    const uma = await openBrowserFor(browser, proxy.url, "uma");
    onTestFinished(() => uma.context.close());
    await signUp(uma);
    const [account] = await signUpByApi(server.url, uniqueNames("vic", 1));
    if (!account) throw new Error("no account");
    const vic = connect(account, server.url);
    onTestFinished(() => vic.client.close());
    await whenOnline(vic);
    await vic.client.openDm(["uma"]);

    const { page } = uma;
    const dmDot = page.locator('[data-testid="dm-link"] [data-presence]');
    await expect.poll(() => memberPresence(page)).toMatchObject({ uma: "online", [vic.name]: "online" });
    await expect.poll(() => dmDot.getAttribute("data-presence")).toBe("online");

    void proxy.cut(Infinity);
    await page.locator('[data-testid="connection-state"][data-state="reconnecting"]').waitFor();
    // Vic leaves while Uma cannot hear it.
    vic.client.close();
    await expect.poll(() => memberPresence(page)).toMatchObject({ uma: "unknown", [vic.name]: "unknown" });
    expect(await dmDot.getAttribute("data-presence")).toBe("unknown");
    await page.getByTestId("presence-unknown").waitFor();
    await page.screenshot({ path: new URL("./test-artifacts/1280-presence-unknown.png", import.meta.url).pathname });

    proxy.restore();
    await online(page).waitFor({ timeout: 30_000 });
    await expect.poll(() => memberPresence(page)).toMatchObject({ uma: "online", [vic.name]: "offline" });
    expect(await dmDot.getAttribute("data-presence")).toBe("offline");
    expect(uma.problems.filter((problem) => !problem.includes("WebSocket"))).toEqual([]);
  });
});
