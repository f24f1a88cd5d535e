import { randomUUID } from "node:crypto";
import { describe, expect } from "vitest";
import {
  history,
  it,
  joinGeneral,
  messagesHeard,
  nextEvents,
  nextMessages,
  presenceUntil,
  recorder,
  statusesOf,
} from "./harness.js";

describe("chatting in a room", () => {
  it("delivers a message to everyone in the room, with id, sequence, timestamp and author", async ({ server }) => {
    const alice = await joinGeneral(server, "alice");
    const bob = await joinGeneral(server, "bob");
    const atBob = nextMessages(bob);
    const atAlice = nextMessages(alice);

    const before = Date.now();
    const ack = await alice.emitWithAck("message:send", {
      clientId: randomUUID(),
      roomId: "general",
      text: "hello bob",
    });

    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    expect(ack.data).toMatchObject({ kind: "user", roomId: "general", author: "alice", text: "hello bob" });
    expect(ack.data.createdAt).toBeGreaterThanOrEqual(before);
    expect(ack.data.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await atBob).toEqual([ack.data]);
    expect(await atAlice).toEqual([ack.data]);

    const reply = await bob.emitWithAck("message:send", {
      clientId: randomUUID(),
      roomId: "general",
      text: "hi alice",
    });
    expect(reply.ok && ack.ok && reply.data.seq).toBe(ack.data.seq + 1);
  });

  it("puts everyone who signs up in general, and tells general", async ({ server }) => {
    const alice = await server.connect("alice");
    const rooms = await alice.emitWithAck("room:list", {});
    expect(rooms.ok && rooms.data.rooms.map((room) => room.id)).toEqual(["general"]);
    const joined = [expect.objectContaining({ kind: "system", event: "joined", user: "alice" })];
    expect(await history(alice)).toEqual(joined);
    // Joining general again is answered, and changes nothing.
    const again = await alice.emitWithAck("room:join", { roomId: "general" });
    expect(again).toMatchObject({ ok: true, data: { id: "general", memberCount: 1 } });
    expect(await history(alice)).toEqual(joined);
  });

  it("shows the members of general the new member and the new count", async ({ server }) => {
    const bob = await joinGeneral(server, "bob");
    const joined = nextMessages(bob);
    const updated = nextEvents(bob, "room:updated");
    await server.token("alice");
    expect((await joined)[0]).toMatchObject({ kind: "system", event: "joined", user: "alice", roomId: "general" });
    expect((await updated)[0]).toMatchObject({ id: "general", memberCount: 2 });
  });

  it("refuses to join a room that does not exist", async ({ server }) => {
    const alice = await server.connect("alice");
    const ack = await alice.emitWithAck("room:join", { roomId: "no-such-room" });
    expect(ack.ok || ack.error.code).toBe("not_found");
  });
});

describe("presence", () => {
  it("tells everyone when someone's first tab comes and their last tab goes, and nothing else", async ({ server }) => {
    const bob = await joinGeneral(server, "bob");

    const online = presenceUntil(bob, "alice", "online");
    const aliceTab1 = await joinGeneral(server, "alice");
    expect(statusesOf(await online, "alice")).toEqual(["online"]);

    // A second tab of the same person is not a new arrival; tabs do not post system messages.
    const seen = messagesHeard(bob);
    const presence = recorder(bob, "presence:changed");
    const aliceTab2 = await joinGeneral(server, "alice");
    aliceTab1.disconnect();
    const barrier = nextMessages(bob);
    await aliceTab2.emitWithAck("message:send", { clientId: randomUUID(), roomId: "general", text: "still here" });
    await barrier;
    expect(seen).toEqual([expect.objectContaining({ kind: "user", text: "still here" })]);
    // Carol's arrival goes out with, or after, anything said about alice before it.
    const carolArrived = presenceUntil(bob, "carol", "online");
    await joinGeneral(server, "carol");
    await carolArrived;
    expect(
      statusesOf(
        presence.map(({ changes }) => changes),
        "alice",
      ),
    ).toEqual([]);

    const offline = presenceUntil(bob, "alice", "offline");
    aliceTab2.disconnect();
    expect(statusesOf(await offline, "alice")).toEqual(["offline"]);
    expect(seen).not.toContainEqual(expect.objectContaining({ kind: "system", user: "alice" }));
  });

  it("lists who is online, one entry per person however many tabs", async ({ server }) => {
    await joinGeneral(server, "carol");
    const alice = await joinGeneral(server, "alice");
    await joinGeneral(server, "alice");
    const list = await alice.emitWithAck("presence:list", {});
    expect(list).toEqual({ ok: true, data: { users: ["alice", "carol"], away: [] } });
  });

  it("does not announce a departure when the socket closes", async ({ server }) => {
    const bob = await joinGeneral(server, "bob");
    const aliceJoined = nextMessages(bob);
    const alice = await joinGeneral(server, "alice");
    await aliceJoined;
    const created = messagesHeard(bob);
    const offline = presenceUntil(bob, "alice", "offline");
    alice.disconnect();
    await offline;
    expect(created).toEqual([]);
  });
});

describe("history", () => {
  it("gives a newcomer the history by sequence, oldest first", async ({ server }) => {
    const alice = await joinGeneral(server, "alice");
    for (const text of ["one", "two", "three"]) {
      await alice.emitWithAck("message:send", { clientId: randomUUID(), roomId: "general", text });
    }
    const bob = await joinGeneral(server, "bob");
    const messages = await history(bob);
    expect(messages.map((m) => (m.kind === "user" ? m.text : `${m.user} ${m.event}`))).toEqual([
      "alice joined",
      "one",
      "two",
      "three",
      "bob joined",
    ]);
    expect(messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });
});
