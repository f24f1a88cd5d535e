import { describe, expect } from "vitest";
import { joinGeneral, nextEvents, it } from "./harness.js";

describe("chatting in a room", () => {
  it("delivers a message to everyone in the room, with id, sequence, timestamp and author", async ({ server }) => {
    const alice = await joinGeneral(server, "alice");
    const bob = await joinGeneral(server, "bob");
    const atBob = nextEvents(bob, "message:created");
    const atAlice = nextEvents(alice, "message:created");

    const before = Date.now();
    const ack = await alice.emitWithAck("message:send", { roomId: "general", text: "hello bob" });

    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    expect(ack.data).toMatchObject({ kind: "user", roomId: "general", author: "alice", text: "hello bob" });
    expect(ack.data.createdAt).toBeGreaterThanOrEqual(before);
    expect(ack.data.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await atBob).toEqual([ack.data]);
    expect(await atAlice).toEqual([ack.data]);

    const reply = await bob.emitWithAck("message:send", { roomId: "general", text: "hi alice" });
    expect(reply.ok && ack.ok && reply.data.seq).toBe(ack.data.seq + 1);
  });

  it("refuses a post to a room the socket has not joined", async ({ server }) => {
    const alice = await server.connect("alice");
    const ack = await alice.emitWithAck("message:send", { roomId: "general", text: "hello?" });
    expect(ack).toEqual({ ok: false, error: { code: "forbidden", message: expect.any(String) } });
  });

  it("refuses to join a room that does not exist", async ({ server }) => {
    const alice = await server.connect("alice");
    const ack = await alice.emitWithAck("room:join", { roomId: "no-such-room" });
    expect(ack.ok || ack.error.code).toBe("not_found");
  });
});

describe("system messages and presence", () => {
  it("tells the room when someone joins and when their last tab leaves", async ({ server }) => {
    const bob = await joinGeneral(server, "bob");

    const joined = nextEvents(bob, "message:created");
    const online = nextEvents(bob, "presence:changed");
    const aliceTab1 = await joinGeneral(server, "alice");
    expect(await online).toEqual([{ username: "alice", status: "online" }]);
    expect((await joined)[0]).toMatchObject({ kind: "system", event: "joined", user: "alice", roomId: "general" });

    // A second tab of the same person is not a new arrival.
    const seen: unknown[] = [];
    bob.on("message:created", (message) => seen.push(message));
    bob.on("presence:changed", (change) => seen.push(change));
    const aliceTab2 = await joinGeneral(server, "alice");
    aliceTab1.disconnect();
    // Alice's tab 2 talks after tab 1 closed; by the time bob sees that, he
    // would have seen any join or leave caused by the tabs.
    const barrier = nextEvents(bob, "message:created");
    await aliceTab2.emitWithAck("message:send", { roomId: "general", text: "still here" });
    await barrier;
    expect(seen).toEqual([expect.objectContaining({ kind: "user", text: "still here" })]);

    const left = nextEvents(bob, "message:created");
    const offline = nextEvents(bob, "presence:changed");
    aliceTab2.disconnect();
    expect((await left)[0]).toMatchObject({ kind: "system", event: "left", user: "alice" });
    expect(await offline).toEqual([{ username: "alice", status: "offline" }]);
  });

  it("lists who is online, one entry per person however many tabs", async ({ server }) => {
    await joinGeneral(server, "carol");
    const alice = await joinGeneral(server, "alice");
    await joinGeneral(server, "alice");
    const list = await alice.emitWithAck("presence:list", {});
    expect(list).toEqual({ ok: true, data: { users: ["alice", "carol"] } });
  });
});

describe("history", () => {
  it("gives a newcomer the recent history, oldest first", async ({ server }) => {
    const alice = await joinGeneral(server, "alice");
    for (const text of ["one", "two", "three"]) {
      await alice.emitWithAck("message:send", { roomId: "general", text });
    }
    const bob = await server.connect("bob");
    const joined = await bob.emitWithAck("room:join", { roomId: "general" });
    expect(joined.ok).toBe(true);
    if (!joined.ok) return;
    const described = joined.data.messages.map((m) => (m.kind === "user" ? m.text : `${m.user} ${m.event}`));
    expect(described).toEqual(["alice joined", "one", "two", "three", "bob joined"]);
    const seqs = joined.data.messages.map((m) => m.seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
  });
});
