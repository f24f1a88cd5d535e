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
  uniqueNames,
  whenOnline,
  within,
} from "./support/chatters.js";
import { createServerProcess } from "./support/server-process.js";
import { FAULT_TEST_TIMEOUT_MS, settings } from "./support/settings.js";
import { createTcpProxy } from "./support/tcp-proxy.js";

describe("the network between clients and server fails", { timeout: FAULT_TEST_TIMEOUT_MS }, () => {
  it("after every connection is cut mid-storm, nothing is lost or doubled and every client converges", async () => {
    const server = await createServerProcess();
    onTestFinished(() => server.dispose());
    await server.start();
    const proxy = await createTcpProxy(server.port);
    onTestFinished(() => proxy.close());

    const [reader, ...accounts] = await signUp(server.url, uniqueNames("blip", settings.clients + 1));
    if (!reader) throw new Error("no reader account");
    const chatters = accounts.map((account) => connect(account, proxy.url));
    onTestFinished(() => closeAll(chatters));
    await Promise.all(chatters.map((chatter) => whenOnline(chatter)));
    const connectionsBefore = proxy.connections;

    const sends = storm(chatters);
    const status = () => ({ acked: sends.acked, chatters: describeChatters(chatters), log: server.log().slice(-2000) });
    await within(sends.whenAcked(Math.ceil(sends.total / 3)), 60_000, "a third of the storm acknowledged", status);
    const ackedBeforeCut = sends.acked;
    await proxy.cut(settings.blipMs);
    const sent = await within(sends.finished, 60_000, "every send acknowledged after the cut", status);

    // The reader connects straight to the server: it only audits.
    const auditor = connect(reader, server.url);
    onTestFinished(() => closeAll([auditor]));
    await whenOnline(auditor);
    const history = await serverHistory(auditor);

    expect(ackedBeforeCut).toBeGreaterThan(0);
    expect(ackedBeforeCut).toBeLessThan(sends.total);
    expectEveryMessageOnce(history, sent);
    await expectConverged(chatters, history);
    // Every client came back through the proxy after the cut.
    expect(proxy.connections).toBeGreaterThanOrEqual(connectionsBefore + chatters.length);
  });
});
