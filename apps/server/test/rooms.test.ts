import { randomUUID } from "node:crypto";
import type { RoomSummary } from "@parley/protocol";
import { describe, expect } from "vitest";
import {
  history,
  itWithPeople,
  messagesHeard,
  nextEvents,
  nextMessages,
  recorder,
  type TestSocket,
} from "./harness.js";

const it = itWithPeople("alice", "bob", "carol");

/** Anything sent to `socket` before this resolves has arrived: its own request is answered after it. */
async function settled(socket: TestSocket): Promise<void> {
  await socket.emitWithAck("presence:list", {});
}

async function create(
  socket: TestSocket,
  name: string,
  visibility: "public" | "private",
  topic = "",
): Promise<RoomSummary> {
  const ack = await socket.emitWithAck("room:create", { name, visibility, topic });
  if (!ack.ok) throw new Error(`room:create failed: ${ack.error.message}`);
  return ack.data;
}

const refused = (code: string) => ({ ok: false, error: { code, message: expect.any(String) } });

describe("a new connection", () => {
  it("is in every room its user belongs to: channels, DMs and their own", async ({ server, people }) => {
    const { alice } = people;
    const plans = await create(alice, "plans", "private");
    const dm = await alice.emitWithAck("dm:open", { usernames: ["bob"] });
    if (!dm.ok) throw new Error(dm.error.message);
    const tab = await server.connect("alice");
    // room:list answers once the socket is in its rooms.
    await tab.emitWithAck("room:list", {});
    const rooms = server.app.io.sockets.sockets.get(tab.id ?? "")?.rooms;
    expect([...(rooms ?? [])]).toEqual(expect.arrayContaining(["general", plans.id, dm.data.id]));
  });
});

describe("room:create and room:list", () => {
  it("creates a channel its creator owns, on all their devices", async ({ server, people }) => {
    const { alice } = people;
    const aliceTab2 = await server.connect("alice");
    await aliceTab2.emitWithAck("room:list", {});
    const added = nextEvents(aliceTab2, "room:added");
    const room = await create(alice, "plans", "private", "What next");
    expect(room).toMatchObject({
      kind: "channel",
      name: "plans",
      topic: "What next",
      visibility: "private",
      memberCount: 1,
      // Its first message says who created it.
      lastSeq: 1,
      dmMembers: [],
      read: { roomId: room.id, lastReadSeq: 0, unread: 0, mentions: 0 },
    });
    expect((await added)[0]).toEqual(room);
    const list = await aliceTab2.emitWithAck("room:list", {});
    expect(list.ok && list.data.rooms.map((r) => r.name)).toEqual(["general", "plans"]);
    // The new room's traffic reaches the other tab.
    const heard = nextMessages(aliceTab2);
    await alice.emitWithAck("message:send", { clientId: randomUUID(), roomId: room.id, text: "first" });
    expect((await heard)[0]).toMatchObject({ roomId: room.id, text: "first" });
  });

  it("begins the channel's history with who created it", async ({ server, people }) => {
    const { alice } = people;
    const aliceTab2 = await server.connect("alice");
    await aliceTab2.emitWithAck("room:list", {});
    const added = nextEvents(aliceTab2, "room:added");
    const room = await create(alice, "plans", "public", "What next");
    const created = { kind: "system", roomId: room.id, seq: 1, event: "created", user: "alice", name: "plans" };
    expect(await history(alice, room.id)).toEqual([expect.objectContaining(created)]);
    // Every device gets the room with its first message counted, and none of it unread.
    expect((await added)[0]).toMatchObject({ lastSeq: 1, read: { unread: 0 } });
    expect(room).toMatchObject({ lastSeq: 1, read: { unread: 0 } });
  });

  it("refuses a name that is taken in any letter case", async ({ people }) => {
    await create(people.alice, "plans", "public");
    expect(await people.bob.emitWithAck("room:create", { name: "plans", visibility: "private" })).toEqual({
      ok: false,
      error: { code: "invalid_payload", message: "That channel name is taken" },
    });
    expect(await people.bob.emitWithAck("room:create", { name: "general", visibility: "public" })).toMatchObject(
      refused("invalid_payload"),
    );
  });
});

describe("room:browse", () => {
  it("lists public channels by name or topic, never private ones, and matches % and _ literally", async ({
    people,
  }) => {
    const { alice, bob } = people;
    await create(alice, "design", "public", "Pixels and 100% fun");
    await create(alice, "secret_plans", "private");
    await create(alice, "random", "public");
    const names = async (query: string) => {
      const ack = await bob.emitWithAck("room:browse", { query });
      return ack.ok ? ack.data.rooms.map((room) => room.name) : ack.error.code;
    };
    expect(await names("")).toEqual(["design", "general", "random"]);
    expect(await names("PIXEL")).toEqual(["design"]);
    expect(await names("100%")).toEqual(["design"]);
    expect(await names("%")).toEqual(["design"]);
    expect(await names("_")).toEqual([]);
    expect(await names("secret")).toEqual([]);
  });
});

describe("room:join", () => {
  it("lets anyone into a public channel: the room hears it, and the joiner's devices get the room", async ({
    server,
    people,
  }) => {
    const { alice, bob } = people;
    const room = await create(alice, "design", "public");
    const bobTab2 = await server.connect("bob");
    await bobTab2.emitWithAck("room:list", {});
    const atAlice = nextMessages(alice);
    const updated = nextEvents(alice, "room:updated");
    const added = nextEvents(bobTab2, "room:added");

    const joined = await bob.emitWithAck("room:join", { roomId: room.id });
    expect(joined).toMatchObject({ ok: true, data: { id: room.id, memberCount: 2 } });
    expect((await atAlice)[0]).toMatchObject({ kind: "system", event: "joined", user: "bob", roomId: room.id });
    expect((await updated)[0]).toMatchObject({ id: room.id, memberCount: 2 });
    expect((await added)[0]).toMatchObject({ id: room.id });

    // Joining again changes nothing and says nothing.
    const seen = messagesHeard(alice);
    expect(await bob.emitWithAck("room:join", { roomId: room.id })).toMatchObject({ ok: true });
    await settled(alice);
    expect(seen).toEqual([]);

    const heard = nextMessages(bobTab2);
    await alice.emitWithAck("message:send", { clientId: randomUUID(), roomId: room.id, text: "welcome" });
    expect((await heard)[0]).toMatchObject({ text: "welcome" });
  });

  it("does not let anyone into a private channel or a conversation, nor reveal they exist", async ({ people }) => {
    const { alice, carol } = people;
    const room = await create(alice, "plans", "private");
    const dm = await alice.emitWithAck("dm:open", { usernames: ["bob"] });
    expect(await carol.emitWithAck("room:join", { roomId: room.id })).toEqual(refused("not_found"));
    expect(dm.ok && (await carol.emitWithAck("room:join", { roomId: dm.data.id }))).toEqual(refused("not_found"));
    expect(await carol.emitWithAck("room:join", { roomId: "nowhere" })).toEqual(refused("not_found"));
  });
});

describe("room:leave", () => {
  it("tells the room, takes the room off the leaver's devices, and stops its traffic", async ({ server, people }) => {
    const { alice, bob } = people;
    const room = await create(alice, "design", "public");
    await bob.emitWithAck("room:join", { roomId: room.id });
    const bobTab2 = await server.connect("bob");
    await bobTab2.emitWithAck("room:list", {});

    const left = nextMessages(alice);
    const updated = nextEvents(alice, "room:updated");
    const removed = nextEvents(bobTab2, "room:removed");
    expect(await bob.emitWithAck("room:leave", { roomId: room.id })).toEqual({ ok: true, data: { roomId: room.id } });
    expect((await left)[0]).toMatchObject({ kind: "system", event: "left", user: "bob" });
    expect((await updated)[0]).toMatchObject({ memberCount: 1 });
    expect(await removed).toEqual([{ roomId: room.id }]);

    const bobSaw = messagesHeard(bob);
    const tab2Saw = messagesHeard(bobTab2);
    await alice.emitWithAck("message:send", { clientId: randomUUID(), roomId: room.id, text: "is he gone?" });
    await Promise.all([settled(bob), settled(bobTab2)]);
    expect([...bobSaw, ...tab2Saw]).toEqual([]);
    // Not a member any more: leaving again, or posting, is refused.
    expect(await bob.emitWithAck("room:leave", { roomId: room.id })).toEqual(refused("forbidden"));
    expect(await bob.emitWithAck("message:send", { clientId: randomUUID(), roomId: room.id, text: "hi" })).toEqual(
      refused("forbidden"),
    );
  });

  it("refuses to let anyone leave general or a conversation", async ({ people }) => {
    const { alice } = people;
    expect(await alice.emitWithAck("room:leave", { roomId: "general" })).toEqual(refused("forbidden"));
    const dm = await alice.emitWithAck("dm:open", { usernames: ["bob"] });
    expect(dm.ok && (await alice.emitWithAck("room:leave", { roomId: dm.data.id }))).toEqual(refused("forbidden"));
  });

  it("says nothing of a private room to someone outside it", async ({ people }) => {
    const room = await create(people.alice, "plans", "private");
    expect(await people.carol.emitWithAck("room:leave", { roomId: room.id })).toEqual(refused("not_found"));
  });
});

describe("room:invite", () => {
  it("brings people into a private channel: their devices get it, the room hears them join", async ({ people }) => {
    const { alice, bob, carol } = people;
    const room = await create(alice, "plans", "private");
    const added = nextEvents(bob, "room:added");
    const atAlice = nextMessages(alice, 2);
    // The newcomers are in the room before it hears them join.
    const atCarol = nextMessages(carol, 2);

    const ack = await alice.emitWithAck("room:invite", { roomId: room.id, usernames: ["BOB", "carol", "alice"] });
    expect(ack.ok && ack.data.members.map((m) => m.username)).toEqual(["alice", "bob", "carol"]);
    expect((await added)[0]).toMatchObject({ id: room.id, memberCount: 3 });
    expect((await atAlice).map((m) => m.kind === "system" && m.user)).toEqual(["bob", "carol"]);
    expect((await atCarol).map((m) => m.kind === "system" && m.user)).toEqual(["bob", "carol"]);

    const heard = nextMessages(carol);
    await bob.emitWithAck("message:send", { clientId: randomUUID(), roomId: room.id, text: "thanks" });
    expect((await heard)[0]).toMatchObject({ author: "bob", text: "thanks" });
  });

  it("refuses unknown people, outsiders and conversations", async ({ people }) => {
    const { alice, bob } = people;
    const room = await create(alice, "plans", "private");
    const open = await create(alice, "design", "public");
    expect(await alice.emitWithAck("room:invite", { roomId: room.id, usernames: ["bob", "nobody"] })).toEqual(
      refused("not_found"),
    );
    expect(await bob.emitWithAck("room:invite", { roomId: room.id, usernames: ["bob"] })).toEqual(refused("not_found"));
    expect(await bob.emitWithAck("room:invite", { roomId: open.id, usernames: ["carol"] })).toEqual(
      refused("forbidden"),
    );
    const dm = await alice.emitWithAck("dm:open", { usernames: ["bob"] });
    expect(dm.ok && (await alice.emitWithAck("room:invite", { roomId: dm.data.id, usernames: ["carol"] }))).toEqual(
      refused("forbidden"),
    );
    const members = await alice.emitWithAck("room:members", { roomId: room.id });
    expect(members.ok && members.data.members.map((m) => m.username)).toEqual(["alice"]);
  });
});

describe("room:update", () => {
  it("lets the owner rename a channel and change its topic; members hear of it", async ({ people }) => {
    const { alice, bob } = people;
    const room = await create(alice, "design", "public");
    await bob.emitWithAck("room:join", { roomId: room.id });
    const updated = nextEvents(bob, "room:updated");
    const ack = await alice.emitWithAck("room:update", { roomId: room.id, name: "ux", topic: "Users first" });
    expect(ack).toMatchObject({ ok: true, data: { id: room.id, name: "ux", topic: "Users first" } });
    expect(await updated).toEqual([ack.ok && ack.data]);
  });

  it("tells the room who renamed it and who changed its topic, and nothing when nothing changed", async ({
    people,
  }) => {
    const { alice, bob } = people;
    const room = await create(alice, "design", "public", "Pixels");
    await bob.emitWithAck("room:join", { roomId: room.id });
    const heard = messagesHeard(bob);
    await alice.emitWithAck("room:update", { roomId: room.id, name: "ux" });
    await alice.emitWithAck("room:update", { roomId: room.id, topic: "Users first" });
    await alice.emitWithAck("room:update", { roomId: room.id, name: "ux", topic: "Users first" });
    await alice.emitWithAck("room:update", { roomId: room.id, name: "ux-team", topic: "" });
    const told = [
      { kind: "system", event: "renamed", user: "alice", from: "design", to: "ux" },
      { kind: "system", event: "topic_changed", user: "alice", topic: "Users first" },
      { kind: "system", event: "renamed", user: "alice", from: "ux", to: "ux-team" },
      { kind: "system", event: "topic_changed", user: "alice", topic: "" },
    ].map((message): unknown => expect.objectContaining({ roomId: room.id, ...message }));
    await settled(bob);
    expect(heard).toEqual(told);
    // And it stays in the room's history, after "created" and bob's "joined".
    expect((await history(bob, room.id)).slice(2)).toEqual(told);
  });

  it("refuses anyone but the owner, a taken name, and general", async ({ people }) => {
    const { alice, bob } = people;
    const room = await create(alice, "design", "public");
    await create(alice, "taken", "public");
    await bob.emitWithAck("room:join", { roomId: room.id });
    expect(await bob.emitWithAck("room:update", { roomId: room.id, topic: "mine now" })).toEqual(refused("forbidden"));
    expect(await alice.emitWithAck("room:update", { roomId: room.id, name: "TAKEN".toLowerCase() })).toEqual({
      ok: false,
      error: { code: "invalid_payload", message: "That channel name is taken" },
    });
    expect(await alice.emitWithAck("room:update", { roomId: "general", topic: "mine" })).toEqual(refused("forbidden"));
    const secret = await create(alice, "plans", "private");
    expect(await bob.emitWithAck("room:update", { roomId: secret.id, topic: "x" })).toEqual(refused("not_found"));
  });
});

describe("room:members", () => {
  it("shows the members of a public channel to anyone, of a private one to its members only", async ({ people }) => {
    const { alice, bob } = people;
    const open = await create(alice, "design", "public");
    const secret = await create(alice, "plans", "private");
    const members = await bob.emitWithAck("room:members", { roomId: open.id });
    expect(members).toEqual({
      ok: true,
      data: { roomId: open.id, members: [expect.objectContaining({ username: "alice" })] },
    });
    expect(await bob.emitWithAck("room:members", { roomId: secret.id })).toEqual(refused("not_found"));
    const general = await bob.emitWithAck("room:members", { roomId: "general" });
    expect(general.ok && general.data.members.map((m) => m.username)).toEqual(["alice", "bob", "carol"]);
  });
});

describe("a private channel, to someone outside it", () => {
  it("cannot be read, posted to, reacted in, typed in, marked read, or overheard", async ({ people }) => {
    const { alice, bob, carol } = people;
    const room = await create(alice, "plans", "private");
    await alice.emitWithAck("room:invite", { roomId: room.id, usernames: ["bob"] });
    const carolSaw = (
      ["message:created", "message:updated", "typing:updated", "room:updated", "room:added"] as const
    ).map((event) => recorder(carol, event));

    const sent = await alice.emitWithAck("message:send", {
      clientId: randomUUID(),
      roomId: room.id,
      text: "between us",
    });
    if (!sent.ok) throw new Error("alice could not post");
    await alice.emitWithAck("message:react", { messageId: sent.data.id, emoji: "👍" });
    await bob.emitWithAck("typing:set", { roomId: room.id, typing: true });

    expect(await carol.emitWithAck("message:list", { roomId: room.id })).toEqual(refused("not_found"));
    expect(
      await carol.emitWithAck("message:send", { clientId: randomUUID(), roomId: room.id, text: "let me in" }),
    ).toEqual(refused("not_found"));
    expect(await carol.emitWithAck("message:react", { messageId: sent.data.id, emoji: "👀" })).toEqual(
      refused("not_found"),
    );
    expect(await carol.emitWithAck("typing:set", { roomId: room.id, typing: true })).toEqual(refused("not_found"));
    expect(await carol.emitWithAck("room:read", { roomId: room.id, seq: 1 })).toEqual(refused("not_found"));
    // "created", "bob joined" and alice's message.
    expect(await history(bob, room.id)).toHaveLength(3);
    await settled(carol);
    expect(carolSaw.flat()).toEqual([]);
  });
});
