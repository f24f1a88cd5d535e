import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  closeAll,
  connect,
  describeChatters,
  expectConverged,
  expectEveryMessageOnce,
  serverHistory,
  signUp,
  storm,
  timelineOf,
  uniqueNames,
  whenOnline,
  within,
  type Chatter,
  type Sent,
} from "./support/chatters.js";
import { createServerProcess } from "./support/server-process.js";
import { FAULT_TEST_TIMEOUT_MS, settings } from "./support/settings.js";
import { createTcpProxy } from "./support/tcp-proxy.js";

const idOf = ({ result }: Sent) => (result.ok ? result.data.id : "");

describe("a client that was offline for a while", { timeout: FAULT_TEST_TIMEOUT_MS }, () => {
  it("catches up exactly on what was said, edited and deleted meanwhile, and delivers what it wrote", async () => {
    const server = await createServerProcess();
    onTestFinished(() => server.dispose());
    await server.start();
    // Only the wanderer goes through the proxy; the others stay connected.
    const proxy = await createTcpProxy(server.port);
    onTestFinished(() => proxy.close());

    const [reader, traveller, ...others] = await signUp(server.url, uniqueNames("away", settings.clients + 1));
    if (!reader || !traveller || others.length === 0) throw new Error("needs at least two clients");
    const wanderer = connect(traveller, proxy.url);
    const talkers = others.map((account) => connect(account, server.url));
    const everyone: Chatter[] = [wanderer, ...talkers];
    onTestFinished(() => closeAll(everyone));
    await Promise.all(everyone.map((chatter) => whenOnline(chatter)));

    // Before it leaves, the wanderer has seen a few messages: some of them change while it is away.
    const status = () => ({ chatters: describeChatters(everyone), log: server.log().slice(-2000) });
    const before = await within(storm(everyone, { count: 3, label: "w" }).finished, 60_000, "the first round", status);
    const seenIds = before.map(idOf);
    await expect
      .poll(() => timelineOf(wanderer)?.map((message) => message.id), { timeout: 30_000 })
      .toEqual(expect.arrayContaining(seenIds));

    const leftAt = Date.now();
    const away = proxy.cut(Infinity);
    await expect.poll(() => wanderer.client.getSnapshot().connection, { timeout: 30_000 }).not.toBe("online");

    // It writes while offline: its outbox holds on to these.
    const fromAway = storm([wanderer], { count: 3, label: "o" });
    const talk = await within(
      storm(talkers, { count: Math.ceil(settings.messagesPerClient / 2), label: "t" }).finished,
      60_000,
      "the others' talk",
      status,
    );
    const edited = new Map<string, string>();
    const deleted = new Set<string>();
    for (const talker of talkers) {
      const [oldOne, olderOne] = before.filter((sent) => sent.from === talker.name);
      const [newOne, newerOne] = talk.filter((sent) => sent.from === talker.name);
      for (const sent of [oldOne, newOne]) {
        if (!sent?.result.ok) continue;
        const text = `${sent.text} (edited)`;
        expect(await talker.client.edit(sent.result.data.id, text)).toMatchObject({ ok: true });
        edited.set(sent.result.data.id, text);
      }
      for (const sent of [olderOne, newerOne]) {
        if (!sent?.result.ok) continue;
        expect(await talker.client.delete(sent.result.data.id)).toMatchObject({ ok: true });
        deleted.add(sent.result.data.id);
      }
    }
    expect(proxy.isCut, "everything above happened while the wanderer was away").toBe(true);
    expect(wanderer.client.getSnapshot().connection).not.toBe("online");
    await sleep(Math.max(0, leftAt + settings.offlineMs - Date.now()));
    proxy.restore();
    await away;

    const fromWanderer = await within(fromAway.finished, 60_000, "the wanderer's outbox delivered", status);
    const auditor = connect(reader, server.url);
    onTestFinished(() => closeAll([auditor]));
    await whenOnline(auditor);
    const history = await serverHistory(auditor);

    expectEveryMessageOnce(history, [...before, ...talk, ...fromWanderer], { edited, deleted });
    expect(edited.size).toBeGreaterThan(0);
    expect(deleted.size).toBeGreaterThan(0);
    await expectConverged([wanderer, ...talkers], history);
  });
});
