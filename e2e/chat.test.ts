import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useBrowserSession } from "./support/browser-session.js";
import {
  PASSWORD,
  authError,
  createChannel,
  memberPresence,
  messageActions,
  messageWithText,
  online,
  openRoom,
  openTab,
  roomLink,
  say,
  showMembers,
  signIn,
  signInScreen,
  signUp,
  submitCredentials,
  systemMessage,
  type Person,
} from "./support/person.js";

const artifacts = fileURLToPath(new URL("./test-artifacts/", import.meta.url));

const { ready, open } = useBrowserSession(() => mkdirSync(artifacts, { recursive: true }));

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

    // Both land in #general, and each sees the other online among its members.
    for (const { page } of [alice, bob]) {
      await page.getByTestId("room-title").filter({ hasText: "#general" }).waitFor();
      await expect.poll(() => memberPresence(page)).toMatchObject({ alice: "online", bob: "online" });
    }
    await (await showMembers(alice.page)).locator('[data-username="alice"]').getByText("(you)").waitFor();

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

    // Typing shows under the other person's composer. The notice is volatile:
    // Socket.IO drops it if Bob's connection is mid-write (say, of Alice's read
    // receipt), so Alice types like a person and her client repeats the notice
    // every TYPING_THROTTLE_MS while she does.
    await alice.page.getByTestId("composer-input").pressSequentially("still typing, one key at a time", { delay: 100 });
    await expect.poll(() => bob.page.getByTestId("typing-indicator").textContent()).toBe("alice is typing…");

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

  it("creates a channel that others find, join and talk in", async () => {
    const kim = await open("kim");
    await signUp(kim);
    const leo = await open("leo");
    await signUp(leo);

    await createChannel(kim.page, "design-crit", { topic: "Pixels & prototypes" });
    expect(await kim.page.getByTestId("room-topic").textContent()).toBe("Pixels & prototypes");
    await roomLink(kim.page, "design-crit").waitFor();
    await expect.poll(() => kim.page.getByTestId("members-button").textContent()).toBe("1 member");
    // The channel's history begins with who made it.
    await systemMessage(kim.page, "kim created #design-crit").waitFor();
    await say(kim.page, "Welcome to design crit");

    // Leo finds it by searching the directory, and joins.
    await leo.page.getByTestId("browse-channels").click();
    await leo.page.getByTestId("browse-input").fill("nothing-is-called-this");
    await leo.page.getByText("No channels match").waitFor();
    await leo.page.getByTestId("browse-input").fill("design");
    const result = leo.page.locator('[data-testid="browse-result"][data-room-name="design-crit"]');
    await result.getByTestId("join-button").click();
    await leo.page.getByTestId("room-title").filter({ hasText: "#design-crit" }).waitFor();
    await messageWithText(leo.page, "Welcome to design crit").waitFor();
    await say(leo.page, "Glad to be in");
    await messageWithText(kim.page, "Glad to be in").waitFor();
    await expect.poll(() => kim.page.getByTestId("members-button").textContent()).toBe("2 members");

    // The owner changes the topic; members see it. Only the owner may.
    expect(await leo.page.getByTestId("edit-room").count()).toBe(0);
    await kim.page.getByTestId("edit-room").click();
    await kim.page.getByTestId("channel-topic-input").fill("Critique Fridays");
    await kim.page.getByTestId("dialog-submit").click();
    await expect.poll(() => leo.page.getByTestId("room-topic").textContent()).toBe("Critique Fridays");
    await systemMessage(leo.page, "kim set the topic: \u201cCritique Fridays\u201d").waitFor();
    // A rename, too, is news in the room.
    await kim.page.getByTestId("edit-room").click();
    await kim.page.getByTestId("channel-name-input").fill("design-review");
    await kim.page.getByTestId("dialog-submit").click();
    await leo.page.getByTestId("room-title").filter({ hasText: "#design-review" }).waitFor();
    await systemMessage(leo.page, "kim renamed the channel from #design-crit to #design-review").waitFor();
    await systemMessage(kim.page, "kim renamed the channel from #design-crit to #design-review").waitFor();
    await screenshot(kim, "channel-created");
    expect(kim.problems).toEqual([]);
    expect(leo.problems).toEqual([]);
  });

  it("invites someone to a private channel: they see it and its messages", async () => {
    const mia = await open("mia");
    await signUp(mia);
    const ned = await open("ned");
    await signUp(ned);

    await createChannel(mia.page, "secret-plans", { visibility: "private" });
    await say(mia.page, "Only invited people read this");
    await messageWithText(mia.page, "Only invited people read this").waitFor();

    // Not in the directory for others.
    await ned.page.getByTestId("browse-channels").click();
    await ned.page.getByTestId("browse-input").fill("secret-plans");
    await ned.page.getByText("No channels match").waitFor();
    await ned.page.keyboard.press("Escape");
    await ned.page.getByTestId("browse-dialog").waitFor({ state: "detached" });

    await showMembers(mia.page);
    await mia.page.getByTestId("invite-input").fill("ned");
    await mia.page.getByTestId("invite-submit").click();

    await openRoom(ned.page, "secret-plans");
    await messageWithText(ned.page, "Only invited people read this").waitFor();
    await say(ned.page, "Thanks for the invite");
    await messageWithText(mia.page, "Thanks for the invite").waitFor();
    expect(mia.problems).toEqual([]);
    expect(ned.problems).toEqual([]);
  });

  it("opens a direct conversation and chats both ways", async () => {
    const erin = await open("erin");
    await signUp(erin);
    const frank = await open("frank");
    await signUp(frank);

    await erin.page.getByTestId("new-message").click();
    await erin.page.getByTestId("dm-people-input").fill("frank");
    await erin.page.getByTestId("dialog-submit").click();
    await erin.page.getByTestId("room-title").filter({ hasText: "frank" }).waitFor();
    await say(erin.page, "Psst, Frank: only you can read this.");
    await messageWithText(erin.page, "Psst, Frank: only you can read this.").waitFor();

    // Frank is in #general: the conversation appears in his sidebar, unread.
    const toErin = roomLink(frank.page, "erin");
    await toErin.getByTestId("unread-badge").getByText("1", { exact: true }).waitFor();
    expect(await messageWithText(frank.page, "Psst, Frank: only you can read this.").count()).toBe(0);
    await openRoom(frank.page, "erin");
    const secret = messageWithText(frank.page, "Psst, Frank: only you can read this.");
    expect(await secret.getByTestId("message-author").textContent()).toBe("erin");
    await expect.poll(() => toErin.getByTestId("unread-badge").count()).toBe(0);

    await say(frank.page, "Got it.");
    await messageWithText(erin.page, "Got it.").waitFor();
    // Frank is online: a green dot beside his name.
    await expect
      .poll(() => roomLink(erin.page, "frank").locator("[data-presence]").getAttribute("data-presence"))
      .toBe("online");
    await screenshot(erin, "erin-dm");
    expect(erin.problems).toEqual([]);
    expect(frank.problems).toEqual([]);
  });

  it("shows reactions, edits and deletions to everyone", async () => {
    const olga = await open("olga");
    await signUp(olga);
    const pete = await open("pete");
    await signUp(pete);

    await say(olga.page, "React to this, Pete");
    const atPete = messageWithText(pete.page, "React to this, Pete");
    await (await messageActions(atPete)).locator('[data-testid="react-button"]').first().click();
    const reaction = messageWithText(olga.page, "React to this, Pete").getByTestId("reaction");
    await expect.poll(() => reaction.getByTestId("reaction-count").textContent()).toBe("1");
    expect(await reaction.getAttribute("title")).toContain("pete");

    await say(olga.page, "Tpyo here");
    const mine = messageWithText(olga.page, "Tpyo here");
    await (await messageActions(mine)).getByTestId("edit-button").click();
    await olga.page.getByTestId("edit-input").fill("Typo fixed");
    await olga.page.getByTestId("edit-input").press("Enter");
    const edited = messageWithText(pete.page, "Typo fixed");
    await edited.getByTestId("edited-mark").getByText("(edited)").waitFor();
    expect(await messageWithText(pete.page, "Tpyo here").count()).toBe(0);

    // Only the author edits or deletes.
    expect(await (await messageActions(edited)).getByTestId("edit-button").count()).toBe(0);

    await say(olga.page, "Regrettable message");
    await messageWithText(pete.page, "Regrettable message").waitFor();
    const regret = messageWithText(olga.page, "Regrettable message");
    await (await messageActions(regret)).getByTestId("delete-button").click();
    await olga.page.getByTestId("confirm-delete").click();
    await messageWithText(pete.page, "This message was deleted").waitFor();
    expect(await messageWithText(pete.page, "Regrettable message").count()).toBe(0);
    await screenshot(pete, "reactions-edits");
    expect(olga.problems).toEqual([]);
    expect(pete.problems).toEqual([]);
  });

  it("replies in a thread: the other sees the reply count and the reply in the thread", async () => {
    const quinn = await open("quinn");
    await signUp(quinn);
    const rosa = await open("rosa");
    await signUp(rosa);

    await say(quinn.page, "Thoughts on the launch?");
    const atRosa = messageWithText(rosa.page, "Thoughts on the launch?");
    await (await messageActions(atRosa)).getByTestId("reply-button").click();
    await rosa.page.getByTestId("thread-panel").waitFor();
    await say(rosa.page, "Ship it on Monday", "thread-composer-input");
    await messageWithText(rosa.page, "Ship it on Monday", "thread-messages").waitFor();
    // The reply stays in the thread, out of the main timeline.
    expect(await messageWithText(rosa.page, "Ship it on Monday").count()).toBe(0);

    const atQuinn = messageWithText(quinn.page, "Thoughts on the launch?");
    await expect.poll(() => atQuinn.getByTestId("reply-count").textContent()).toBe("1 reply");
    await atQuinn.getByTestId("reply-count").click();
    await messageWithText(quinn.page, "Ship it on Monday", "thread-messages").waitFor();
    await screenshot(quinn, "thread");
    expect(quinn.problems).toEqual([]);
    expect(rosa.problems).toEqual([]);
  });

  it("finds messages by search and highlights the match", async () => {
    const sam = await open("sam");
    await signUp(sam);
    await createChannel(sam.page, "search-lab");
    await say(sam.page, "The quarterly kangaroo report is ready");
    await messageWithText(sam.page, "The quarterly kangaroo report is ready").waitFor();
    await openRoom(sam.page, "general");

    await sam.page.getByTestId("search-input").fill("kangaroo");
    await sam.page.getByTestId("search-input").press("Enter");
    const hit = sam.page.getByTestId("search-result").first();
    await expect
      .poll(() => hit.getByTestId("search-result-text").textContent())
      .toBe("The quarterly kangaroo report is ready");
    expect(await hit.getByTestId("search-match").allTextContents()).toEqual(["kangaroo"]);
    await screenshot(sam, "search");
    await hit.click();
    await sam.page.getByTestId("room-title").filter({ hasText: "#search-lab" }).waitFor();
    expect(sam.problems).toEqual([]);
  });

  it("shows an unread badge for another room, and clears it when that room is opened", async () => {
    const tara = await open("tara");
    await signUp(tara);
    const uma = await open("uma");
    await signUp(uma);

    await createChannel(tara.page, "news-desk");
    await showMembers(tara.page);
    await tara.page.getByTestId("invite-input").fill("uma");
    await tara.page.getByTestId("invite-submit").click();
    await roomLink(uma.page, "news-desk").waitFor();

    // Uma stays in #general while Tara posts in #news-desk.
    await say(tara.page, "Breaking: @uma, read this");
    const link = roomLink(uma.page, "news-desk");
    await expect.poll(() => link.getByTestId("unread-badge").textContent()).toBe("1");
    await link.getByTestId("mention-badge").waitFor();
    expect(await link.getAttribute("class")).toContain("conversation-link--unread");
    await screenshot(uma, "unread");

    await openRoom(uma.page, "news-desk");
    const news = messageWithText(uma.page, "Breaking: @uma, read this");
    await news.getByTestId("mention").getByText("@uma").waitFor();
    await expect.poll(() => link.getByTestId("unread-badge").count()).toBe(0);

    // Read here, read everywhere: a second tab of Uma's shows no badge either.
    const second = await openTab(uma);
    await online(second).waitFor();
    await roomLink(second, "news-desk").waitFor();
    await expect.poll(() => roomLink(second, "news-desk").getByTestId("unread-badge").count()).toBe(0);
    expect(tara.problems).toEqual([]);
    expect(uma.problems).toEqual([]);
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
    expect(await grace.page.evaluate("fetch('/api/session').then((response) => response.json())")).toEqual({
      user: null,
    });
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
    await expect.poll(() => memberPresence(heidi.page)).toMatchObject({ heidi: "online" });
    expect(await (await showMembers(heidi.page)).locator('[data-username="heidi"]').count()).toBe(1);
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
    await expect.poll(() => memberPresence(second)).toMatchObject({ ivan: "online" });

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
