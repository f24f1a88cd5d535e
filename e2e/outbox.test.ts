import { describe, expect, it } from "vitest";
import { useBrowserSession } from "./support/browser-session.js";
import { messageWithText, online, say, signUp } from "./support/person.js";

const { open } = useBrowserSession();

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
