import type { PresenceChange } from "@parley/protocol";
import { describe, expect } from "vitest";
import { it, joinGeneral, presenceUntil, statusesOf, type TestServer } from "./harness.js";

const crowd = ["dave", "erin", "frank", "grace", "heidi"];

/** Signs everyone up first, so that their sockets can then connect all at once. */
async function tokensFor(server: TestServer, names: string[]): Promise<string[]> {
  const tokens: string[] = [];
  for (const name of names) tokens.push(await server.token(name));
  return tokens;
}

const connectAll = (server: TestServer, names: string[], tokens: string[]) =>
  Promise.all(names.map((name, i) => server.connect(name, { token: tokens[i] })));

/** The batches that say anything about `names`. */
const about = (batches: PresenceChange[][], names: string[]) =>
  batches.filter((changes) => changes.some((change) => names.includes(change.username)));

function expectEachPersonOncePerBatch(batches: PresenceChange[][]): void {
  for (const changes of batches) {
    const names = changes.map((change) => change.username);
    expect(names).toEqual([...new Set(names)]);
  }
}

describe("presence batches", () => {
  it("tells everyone of a crowd arriving and leaving in fewer packets than changes", async ({ server }) => {
    const watchers = [await joinGeneral(server, "bob"), await joinGeneral(server, "carol")];
    const tokens = await tokensFor(server, crowd);

    const arrivals = watchers.map((watcher) => presenceUntil(watcher, crowd, "online"));
    const sockets = await connectAll(server, crowd, tokens);
    for (const batches of await Promise.all(arrivals)) {
      expect(about(batches, crowd).length).toBeLessThan(crowd.length);
      expectEachPersonOncePerBatch(batches);
    }
    expect(await watchers[0]?.emitWithAck("presence:list", {})).toEqual({
      ok: true,
      data: { users: ["bob", "carol", ...crowd], away: [] },
    });

    const departures = watchers.map((watcher) => presenceUntil(watcher, crowd, "offline"));
    for (const socket of sockets) socket.disconnect();
    for (const batches of await Promise.all(departures)) {
      expect(about(batches, crowd).length).toBeLessThan(crowd.length);
      expectEachPersonOncePerBatch(batches);
      for (const name of crowd) expect(statusesOf(batches, name)).toEqual(["offline"]);
    }
    expect(await watchers[1]?.emitWithAck("presence:list", {})).toEqual({
      ok: true,
      data: { users: ["bob", "carol"], away: [] },
    });
  });

  it("ends a crowd gone and straight back as online, each person once per packet", async ({ server }) => {
    const bob = await joinGeneral(server, "bob");
    const tokens = await tokensFor(server, crowd);
    const arrived = presenceUntil(bob, crowd, "online");
    const sockets = await connectAll(server, crowd, tokens);
    await arrived;

    // A network blip: every socket drops and reconnects at once.
    const back = presenceUntil(bob, crowd, "online");
    for (const socket of sockets) socket.disconnect();
    await connectAll(server, crowd, tokens);
    const batches = await back;
    expectEachPersonOncePerBatch(batches);
    // Gone and back within one window is reported as back; the latest status is always the last word.
    for (const name of crowd) expect(statusesOf(batches, name).at(-1)).toBe("online");
    expect(await bob.emitWithAck("presence:list", {})).toEqual({
      ok: true,
      data: { users: ["bob", ...crowd], away: [] },
    });
  });

  it("tells a newcomer's own socket that they are online", async ({ server }) => {
    const alice = await server.connect("alice");
    expect(statusesOf(await presenceUntil(alice, "alice", "online"), "alice")).toEqual(["online"]);
  });
});
