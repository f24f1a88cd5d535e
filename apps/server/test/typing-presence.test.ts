import { describe, expect } from "vitest";
import { itWithPeople, joinGeneral, nextEvents, presenceUntil, recorder, statusesOf } from "./harness.js";

const it = itWithPeople("alice", "bob", "carol");
const refused = (code: string) => ({ ok: false, error: { code, message: expect.any(String) } });

describe("typing:set", () => {
  it("tells the others in the room, not the typist's own socket", async ({ people }) => {
    const { alice, bob } = people;
    const aliceSaw = recorder(alice, "typing:updated");
    const atBob = nextEvents(bob, "typing:updated", 2);
    expect(await alice.emitWithAck("typing:set", { roomId: "general", typing: true })).toEqual({ ok: true, data: {} });
    expect(await alice.emitWithAck("typing:set", { roomId: "general", typing: false })).toEqual({ ok: true, data: {} });
    expect(await atBob).toEqual([
      { roomId: "general", username: "alice", typing: true },
      { roomId: "general", username: "alice", typing: false },
    ]);
    await alice.emitWithAck("presence:list", {});
    expect(aliceSaw).toEqual([]);
  });

  it("is refused outside the room, and nobody outside hears it", async ({ people }) => {
    const { alice, bob, carol } = people;
    const secret = await alice.emitWithAck("room:create", { name: "plans", visibility: "private" });
    const open = await alice.emitWithAck("room:create", { name: "design", visibility: "public" });
    if (!secret.ok || !open.ok) throw new Error("room:create failed");
    const carolSaw = recorder(carol, "typing:updated");
    await alice.emitWithAck("room:invite", { roomId: secret.data.id, usernames: ["bob"] });
    const atBob = nextEvents(bob, "typing:updated");
    await alice.emitWithAck("typing:set", { roomId: secret.data.id, typing: true });
    await atBob;

    expect(await carol.emitWithAck("typing:set", { roomId: secret.data.id, typing: true })).toEqual(
      refused("not_found"),
    );
    expect(await carol.emitWithAck("typing:set", { roomId: open.data.id, typing: true })).toEqual(refused("forbidden"));
    await carol.emitWithAck("presence:list", {});
    expect(carolSaw).toEqual([]);
  });
});

describe("presence", () => {
  it("goes away and comes back, told to everyone once", async ({ server, people }) => {
    const { alice, bob, carol } = people;
    const aliceTab2 = await joinGeneral(server, "alice");
    const away = presenceUntil(bob, "alice", "away");
    const atOtherTab = presenceUntil(aliceTab2, "alice", "away");
    expect(await alice.emitWithAck("presence:set", { status: "away" })).toEqual({ ok: true, data: {} });
    await Promise.all([away, atOtherTab]);
    expect(await bob.emitWithAck("presence:list", {})).toEqual({
      ok: true,
      data: { users: ["alice", "bob", "carol"], away: ["alice"] },
    });

    // Saying it again changes nothing, and nobody is told: carol's news, sent later, comes without it.
    const quiet = presenceUntil(bob, "carol", "away");
    await aliceTab2.emitWithAck("presence:set", { status: "away" });
    await carol.emitWithAck("presence:set", { status: "away" });
    expect(statusesOf(await quiet, "alice")).toEqual([]);

    const back = presenceUntil(bob, "alice", "online");
    await alice.emitWithAck("presence:set", { status: "online" });
    expect(statusesOf(await back, "alice")).toEqual(["online"]);
    expect(await bob.emitWithAck("presence:list", {})).toMatchObject({ ok: true, data: { away: ["carol"] } });
  });

  it("goes offline with the last socket, away or not", async ({ people }) => {
    const { alice, bob } = people;
    // Bob hears alice go away first; only then is the next change the one to check.
    await Promise.all([presenceUntil(bob, "alice", "away"), alice.emitWithAck("presence:set", { status: "away" })]);
    const offline = presenceUntil(bob, "alice", "offline");
    alice.disconnect();
    expect(statusesOf(await offline, "alice")).toEqual(["offline"]);
    expect(await bob.emitWithAck("presence:list", {})).toEqual({
      ok: true,
      data: { users: ["bob", "carol"], away: [] },
    });
  });

  it("refuses offline as a status to set: it is the server's to say", async ({ people }) => {
    const ack = await (people.alice.emitWithAck as (event: string, payload: unknown) => Promise<unknown>)(
      "presence:set",
      { status: "offline" },
    );
    expect(ack).toEqual(refused("invalid_payload"));
  });
});
