import { randomUUID } from "node:crypto";
import { DM_MAX_MEMBERS } from "@parley/protocol";
import { describe, expect } from "vitest";
import { history, itWithPeople, joinGeneral, messagesHeard, nextEvents, nextMessages, recorder } from "./harness.js";

const it = itWithPeople("alice", "bob", "carol");
const refused = (code: string) => ({ ok: false, error: { code, message: expect.any(String) } });

describe("dm:open", () => {
  it("opens one conversation per set of people, whoever opens it", async ({ people }) => {
    const { alice, bob } = people;
    const added = nextEvents(bob, "room:added");
    const opened = await alice.emitWithAck("dm:open", { usernames: ["Bob"] });
    expect(opened).toMatchObject({
      ok: true,
      data: { kind: "dm", name: "", visibility: "private", ownerId: null, memberCount: 2, dmMembers: ["alice", "bob"] },
    });
    if (!opened.ok) return;
    expect(opened.data.id).toMatch(/^d-[0-9a-f]{32}$/);
    expect((await added)[0]).toMatchObject({ id: opened.data.id, dmMembers: ["alice", "bob"] });

    // The same people, from the other side: the same room, and nobody is told twice.
    const aliceAdded = recorder(alice, "room:added");
    const again = await bob.emitWithAck("dm:open", { usernames: ["alice", "bob"] });
    expect(again.ok && again.data.id).toBe(opened.data.id);
    await alice.emitWithAck("presence:list", {});
    expect(aliceAdded).toEqual([]);
    const list = await bob.emitWithAck("room:list", {});
    expect(list.ok && list.data.rooms.filter((room) => room.kind === "dm").map((room) => room.id)).toEqual([
      opened.data.id,
    ]);
  });

  it("reaches only its people, on all their tabs", async ({ server, people }) => {
    const { alice: aliceTab1, bob: bobTab1, carol } = people;
    const aliceTab2 = await joinGeneral(server, "alice");
    const bobTab2 = await joinGeneral(server, "bob");
    const carolSaw = messagesHeard(carol);
    const opened = await aliceTab1.emitWithAck("dm:open", { usernames: ["bob"] });
    if (!opened.ok) throw new Error("dm:open failed");

    const deliveries = [aliceTab1, aliceTab2, bobTab1, bobTab2].map((socket) => nextMessages(socket));
    const ack = await aliceTab1.emitWithAck("message:send", {
      clientId: randomUUID(),
      roomId: opened.data.id,
      text: "just between us",
    });
    expect(ack).toMatchObject({ ok: true, data: { author: "alice", text: "just between us" } });
    for (const delivery of await Promise.all(deliveries)) expect(delivery).toEqual([ack.ok && ack.data]);

    // Carol's own request is answered after anything sent to her before it.
    await carol.emitWithAck("presence:list", {});
    expect(carolSaw).toEqual([]);
  });

  it(`holds groups of up to ${DM_MAX_MEMBERS} people`, async ({ server, people }) => {
    const names = ["dave", "erin", "frank", "grace", "heidi"];
    await Promise.all(names.map((name) => server.token(name)));
    const group = await people.alice.emitWithAck("dm:open", { usernames: ["bob", "carol", ...names] });
    expect(group).toMatchObject({ ok: true, data: { kind: "dm", memberCount: DM_MAX_MEMBERS } });
    expect(group.ok && group.data.dmMembers).toEqual(["alice", "bob", "carol", ...names].sort());
    await server.token("ivan");
    const tooMany = await people.alice.emitWithAck("dm:open", { usernames: ["bob", "carol", ...names, "ivan"] });
    expect(tooMany).toEqual(refused("invalid_payload"));
  });

  it("refuses unknown people and a conversation with oneself", async ({ people }) => {
    const { alice } = people;
    expect(await alice.emitWithAck("dm:open", { usernames: ["bob", "nobody"] })).toEqual(refused("not_found"));
    expect(await alice.emitWithAck("dm:open", { usernames: ["ALICE"] })).toEqual(refused("invalid_payload"));
  });
});

describe("a conversation, to someone outside it", () => {
  it("cannot be read, posted to, reacted in, joined, invited to, left, or overheard", async ({ people }) => {
    const { alice, bob, carol } = people;
    const opened = await alice.emitWithAck("dm:open", { usernames: ["bob"] });
    if (!opened.ok) throw new Error("dm:open failed");
    const roomId = opened.data.id;
    const carolSaw = messagesHeard(carol);
    const sent = await bob.emitWithAck("message:send", { clientId: randomUUID(), roomId, text: "psst" });
    if (!sent.ok) throw new Error("bob could not post");

    expect(await carol.emitWithAck("message:list", { roomId })).toEqual(refused("not_found"));
    expect(await carol.emitWithAck("message:send", { clientId: randomUUID(), roomId, text: "hi" })).toEqual(
      refused("not_found"),
    );
    expect(await carol.emitWithAck("message:react", { messageId: sent.data.id, emoji: "👀" })).toEqual(
      refused("not_found"),
    );
    expect(await carol.emitWithAck("room:join", { roomId })).toEqual(refused("not_found"));
    expect(await carol.emitWithAck("room:members", { roomId })).toEqual(refused("not_found"));
    expect(await carol.emitWithAck("room:invite", { roomId, usernames: ["carol"] })).toEqual(refused("not_found"));
    expect(await alice.emitWithAck("room:invite", { roomId, usernames: ["carol"] })).toEqual(refused("forbidden"));
    expect(await carol.emitWithAck("room:leave", { roomId })).toEqual(refused("not_found"));
    expect(await history(alice, roomId)).toEqual([sent.data]);
    await carol.emitWithAck("presence:list", {});
    expect(carolSaw).toEqual([]);
  });
});
