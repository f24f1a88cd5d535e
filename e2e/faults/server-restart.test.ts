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
import { ENGINES, createServerProcess, type Engine, type Exit, type ServerProcess } from "./support/server-process.js";
import { FAULT_TEST_TIMEOUT_MS, settings } from "./support/settings.js";

/**
 * The server goes down in the middle of a storm of sends and comes back on
 * the same port and database. Whatever was acknowledged before is kept;
 * whatever was not, the clients' outboxes send again, and it lands once.
 */
async function stormThroughRestart(engine: Engine, tag: string, stop: (server: ServerProcess) => Promise<Exit>) {
  const server = await createServerProcess({ engine });
  onTestFinished(() => server.dispose());
  await server.start();

  const [reader, ...accounts] = await signUp(server.url, uniqueNames(tag, settings.clients + 1));
  if (!reader) throw new Error("no reader account");
  const chatters = accounts.map((account) => connect(account, server.url));
  onTestFinished(() => closeAll(chatters));
  await Promise.all(chatters.map((chatter) => whenOnline(chatter)));

  const sends = storm(chatters);
  // Midway: a third of the storm is acknowledged, the rest is in flight or not sent yet.
  const status = () => ({ acked: sends.acked, chatters: describeChatters(chatters), log: server.log().slice(-2000) });
  await within(sends.whenAcked(Math.ceil(sends.total / 3)), 60_000, "a third of the storm acknowledged", status);
  const exit = await stop(server);
  const ackedBeforeStop = sends.acked;
  await server.start();
  const sent = await within(sends.finished, 60_000, "every send acknowledged after the restart", status);

  const auditor = connect(reader, server.url);
  onTestFinished(() => closeAll([auditor]));
  await whenOnline(auditor);
  // A fresh client holds only the newest page: it reads the whole history and is not compared.
  const history = await serverHistory(auditor);

  expect(ackedBeforeStop).toBeGreaterThan(0);
  expect(ackedBeforeStop).toBeLessThan(sends.total);
  expectEveryMessageOnce(history, sent);
  await expectConverged(chatters, history);
  return { exit, chatters };
}

describe.each(ENGINES)("the server on %s stops mid-storm", { timeout: FAULT_TEST_TIMEOUT_MS }, (engine) => {
  it("after kill -9, nothing acknowledged is lost, nothing is stored twice, and every client converges", async () => {
    const { exit } = await stormThroughRestart(engine, "kill", (server) => server.crash());
    expect(exit.signal).toBe("SIGKILL");
  });

  it("after SIGTERM, the server warns its clients and exits cleanly; nothing is lost or doubled", async () => {
    const { exit, chatters } = await stormThroughRestart(engine, "term", (server) => server.terminate());
    expect(exit, "a graceful exit, within the server's own bound").toEqual({ code: 0, signal: null });
    expect(
      chatters.map((chatter) => chatter.closingNotices),
      "server:closing reached every client",
    ).toEqual(chatters.map(() => 1));
  });
});
