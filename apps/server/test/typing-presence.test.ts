import { describe, expect } from "vitest";
import { itWithPeople, joinGeneral, nextEvents, recorder } from "./harness.js";

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
    const { alice, bob } = people;
    const aliceTab2 = await joinGeneral(server, "alice");
    const changes = recorder(bob, "presence:changed");
    const away = nextEvents(bob, "presence:changed");
    const atOtherTab = nextEvents(aliceTab2, "presence:changed");
    expect(await alice.emitWithAck("presence:set", { status: "away" })).toEqual({ ok: true, data: {} });
    expect(await away).toEqual([{ username: "alice", status: "away" }]);
    expect(await atOtherTab).toEqual([{ username: "alice", status: "away" }]);
    expect(await bob.emitWithAck("presence:list", {})).toEqual({
      ok: true,
      data: { users: ["alice", "bob", "carol"], away: ["alice"] },
    });

    // Saying it again changes nothing, and nobody is told.
    await aliceTab2.emitWithAck("presence:set", { status: "away" });
    const back = nextEvents(bob, "presence:changed");
    await alice.emitWithAck("presence:set", { status: "online" });
    expect(await back).toEqual([{ username: "alice", status: "online" }]);
    expect(changes).toEqual([
      { username: "alice", status: "away" },
      { username: "alice", status: "online" },
    ]);
    expect(await bob.emitWithAck("presence:list", {})).toMatchObject({ ok: true, data: { away: [] } });
  });

  it("goes offline with the last socket, away or not", async ({ people }) => {
    const { alice, bob } = people;
    // Bob sees alice go away first; only then is the next change the one to check.
    const away = nextEvents(bob, "presence:changed");
    await alice.emitWithAck("presence:set", { status: "away" });
    expect(await away).toEqual([{ username: "alice", status: "away" }]);
    const offline = nextEvents(bob, "presence:changed");
    alice.disconnect();
    expect(await offline).toEqual([{ username: "alice", status: "offline" }]);
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
