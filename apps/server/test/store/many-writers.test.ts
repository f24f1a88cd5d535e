import { randomUUID } from "node:crypto";
import { describe, expect, it, onTestFinished } from "vitest";
import type { RoomMessage } from "@parley/protocol";
import { createStore } from "../../src/store/create-store.js";
import { ClientIdTaken, type Store } from "../../src/store/store.js";
import { scratchDir } from "../harness.js";
import { openTestDatabase, scratchSchemaUrl } from "../test-database.js";
import { createChannel, signUp, userMessage } from "./store-fixture.js";

// PostgreSQL is the engine for many nodes: here two stores, each with its own
// pool as two nodes would have, write one database at the same time.

/** Two stores on one fresh PostgreSQL schema, and a way to read its tables directly. */
async function twoNodes() {
  const dir = scratchDir();
  const path = `${dir.path}/parley.db`;
  const url = await scratchSchemaUrl(path);
  const a = await createStore({ engine: "postgres", url, poolSize: 5 });
  const b = await createStore({ engine: "postgres", url, poolSize: 5 });
  const db = await openTestDatabase(path, "postgres");
  onTestFinished(async () => {
    await Promise.all([a.close(), b.close(), db.destroy()]);
    dir.cleanup();
  });
  return { a, b, db };
}

/** `count` sends, one after another, as one client does. */
async function sendInTurn(store: Store, count: number, send: (store: Store, i: number) => Promise<RoomMessage>) {
  const answers: RoomMessage[] = [];
  for (let i = 0; i < count; i++) answers.push(await send(store, i));
  return answers;
}

describe("two stores on one PostgreSQL database", () => {
  it("store every message of concurrent appends once, each room numbered 1..N with no holes or repeats", async () => {
    const { a, b, db } = await twoNodes();
    const users = await signUp(a, "alice", "bob", "carol", "dave");
    const rooms = [
      "general",
      ...(await Promise.all(["one", "two", "three"].map((name) => createChannel(a, users[0], name)))).map(
        (room) => room.id,
      ),
    ];

    // On each node, eight clients at once, each sending 30 messages in turn to rooms in rotation.
    const clients = [a, b].flatMap((store, node) =>
      Array.from({ length: 8 }, (_, client) =>
        sendInTurn(store, 30, (store, i) =>
          store.appendRoomMessage(
            userMessage(
              rooms[(client + i) % rooms.length]!,
              users[client % users.length]!,
              `node ${node} client ${client} #${i}`,
            ),
          ),
        ),
      ),
    );
    const answers = (await Promise.all(clients)).flat();

    expect(answers).toHaveLength(480);
    expect(new Set(answers.map((m) => m.id)).size).toBe(480);
    const rows = await db
      .selectFrom("room_messages")
      .select(["id", "room_id", "seq", "body"])
      .orderBy("room_id")
      .orderBy("seq")
      .execute();
    expect(rows).toHaveLength(480);
    for (const roomId of rooms) {
      const answered = answers.filter((m) => m.roomId === roomId);
      const stored = rows.filter((row) => row.room_id === roomId);
      expect(stored.map((row) => row.seq)).toEqual(answered.map((_, i) => i + 1));
      // Each caller was told the number its message is stored under.
      expect(new Map(stored.map((row) => [row.id, row.seq]))).toEqual(new Map(answered.map((m) => [m.id, m.seq])));
      expect(await a.findRoom(roomId)).toMatchObject({ lastSeq: answered.length });
    }
    // One client's messages to a room keep the order they were sent in.
    for (const client of clients) {
      const sent = await client;
      for (const roomId of rooms) {
        const seqs = sent.filter((m) => m.roomId === roomId).map((m) => m.seq);
        expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      }
    }
  });

  it("store a message sent through both at once exactly once: one caller gets it, the other ClientIdTaken", async () => {
    const { a, b, db } = await twoNodes();
    const [alice, bob] = await signUp(a, "alice", "bob");
    const other = await createChannel(a, alice, "other");
    const retried = Array.from({ length: 40 }, (_, i) =>
      userMessage(i % 2 === 0 ? "general" : other.id, i % 4 < 2 ? alice : bob, `retried ${i}`),
    );
    const unrelated = Array.from({ length: 20 }, (_, i) => userMessage("general", bob, `unrelated ${i}`));

    // A retry reaches the other node while the original is still being written: in opposite orders, to mix batches.
    const [viaA, viaB, alone] = await Promise.all([
      Promise.allSettled(retried.map((message) => a.appendRoomMessage(message))),
      Promise.allSettled([...retried].reverse().map((message) => b.appendRoomMessage(message))).then((outcomes) =>
        outcomes.reverse(),
      ),
      Promise.all(unrelated.map((message, i) => (i % 2 === 0 ? a : b).appendRoomMessage(message))),
    ]);

    for (const [i, message] of retried.entries()) {
      const outcomes = [viaA[i]!, viaB[i]!];
      const stored = outcomes.filter((outcome) => outcome.status === "fulfilled").map((outcome) => outcome.value);
      const refused = outcomes
        .filter((outcome) => outcome.status === "rejected")
        .map((outcome) => outcome.reason as unknown);
      expect(stored).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toBeInstanceOf(ClientIdTaken);
      // The refused caller finds what the other stored, through either node.
      expect(await a.findByClientId(message.author, message.clientId)).toEqual(stored[0]);
      expect(await b.findByClientId(message.author, message.clientId)).toEqual(stored[0]);
    }
    expect(alone).toHaveLength(20);
    for (const roomId of ["general", other.id]) {
      const seqs = await db
        .selectFrom("room_messages")
        .select("seq")
        .where("room_id", "=", roomId)
        .orderBy("seq")
        .execute();
      expect(seqs.map((row) => row.seq)).toEqual(seqs.map((_, i) => i + 1));
    }
    expect(await db.selectFrom("room_messages").select("id").execute()).toHaveLength(60);
  });

  it("refuse a clientId sent to two rooms through both at once with ClientIdTaken, never failing a batch", async () => {
    const { a, b } = await twoNodes();
    const [alice] = await signUp(a, "alice");
    const [left, right] = await Promise.all([createChannel(a, alice, "left"), createChannel(a, alice, "right")]);

    // A misbehaving client: each clientId to one room through one node and to another through the other, in opposite orders.
    for (let round = 0; round < 20; round++) {
      const clientIds = Array.from({ length: 100 }, () => randomUUID());
      const [viaA, viaB] = await Promise.all([
        Promise.allSettled(
          clientIds.map((clientId) => a.appendRoomMessage(userMessage(left.id, alice, "l", { clientId }))),
        ),
        Promise.allSettled(
          [...clientIds]
            .reverse()
            .map((clientId) => b.appendRoomMessage(userMessage(right.id, alice, "r", { clientId }))),
        ).then((outcomes) => outcomes.reverse()),
      ]);

      clientIds.forEach((_, i) => {
        const outcomes = [viaA[i]!, viaB[i]!];
        expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
        expect(outcomes.find((outcome) => outcome.status === "rejected")?.reason).toBeInstanceOf(ClientIdTaken);
      });
    }
  });

  it("keep every reaction of concurrent toggles once, and answer a toggle racing itself without failing", async () => {
    const { a, b } = await twoNodes();
    const users = await signUp(a, ...Array.from({ length: 12 }, (_, i) => `user${i}`));
    const first = users[0]!;
    const message = await a.appendRoomMessage(userMessage("general", first, "react to me"));

    await Promise.all(users.map((user, i) => (i % 2 === 0 ? a : b).toggleReaction(message.id, user.id, "👍")));
    // One person toggling through both nodes at once: both answer, and it is there once or not at all.
    const both = await Promise.all([
      a.toggleReaction(message.id, first.id, "🎉"),
      b.toggleReaction(message.id, first.id, "🎉"),
    ]);

    const stored = await b.findMessage(message.id);
    const thumbs = stored?.reactions.find((reaction) => reaction.emoji === "👍");
    expect(thumbs?.users.slice().sort()).toEqual(users.map((user) => user.username).sort());
    const party = stored?.reactions.filter((reaction) => reaction.emoji === "🎉") ?? [];
    expect(party.length === 0 || (party.length === 1 && party[0]!.users.length === 1)).toBe(true);
    expect(both).toContainEqual(stored);
  });

  it("give a channel name raced for through both to exactly one creator", async () => {
    const { a, b } = await twoNodes();
    const users = await signUp(a, ...Array.from({ length: 10 }, (_, i) => `user${i}`));
    const spellings = ["design", "Design", "DESIGN", "dEsIgN", "desigN"];

    const created = await Promise.all(
      users.map((user, i) =>
        (i % 2 === 0 ? a : b).createChannel({
          name: spellings[i % spellings.length]!,
          topic: "",
          visibility: "public",
          ownerId: user.id,
        }),
      ),
    );

    const winners = created.filter((room) => room !== null);
    expect(winners).toHaveLength(1);
    const [room] = winners;
    expect(await a.browseChannels("design")).toEqual([room]);
    expect(await b.members(room!.id)).toEqual([users.find((user) => user.id === room!.ownerId)]);
  });

  it("give a channel name raced for by renames through both to exactly one channel, the others told it is taken", async () => {
    const { a, b } = await twoNodes();
    const [alice] = await signUp(a, "alice");
    const channels = await Promise.all(Array.from({ length: 6 }, (_, i) => createChannel(a, alice, `draft-${i}`)));

    const renamed = await Promise.allSettled(
      channels.map((channel, i) => (i % 2 === 0 ? a : b).updateChannel(channel.id, { name: "final" })),
    );

    expect(renamed.filter((outcome) => outcome.status === "rejected")).toEqual([]);
    const answers = renamed.map((outcome) => (outcome.status === "fulfilled" ? outcome.value : undefined));
    const winners = channels.filter((_, i) => answers[i] !== null);
    expect(winners).toHaveLength(1);
    expect(answers).toEqual(channels.map((channel) => (channel === winners[0] ? { ...channel, name: "final" } : null)));
    expect((await a.browseChannels("")).map((room) => room.name)).toEqual(
      [
        "final",
        "general",
        ...channels.filter((channel) => channel !== winners[0]).map((channel) => channel.name),
      ].sort(),
    );
  });

  it("open a direct conversation raced for through both once, every caller answered with it", async () => {
    const { a, b } = await twoNodes();
    const [alice, ...others] = await signUp(a, ...Array.from({ length: 41 }, (_, i) => `user${i}`));

    for (const other of others) {
      const pair = [alice!.id, other.id];
      const opened = await Promise.all([a.openDm(pair), b.openDm([...pair].reverse()), a.openDm([...pair].reverse())]);

      expect(opened.filter((answer) => answer.created)).toHaveLength(1);
      expect(new Set(opened.map((answer) => answer.room.id)).size).toBe(1);
      expect(await b.members(opened[0].room.id)).toEqual([alice, other]);
    }
  });

  it("sign up a name raced for in any letter case through both once", async () => {
    const { a, b } = await twoNodes();

    for (let round = 0; round < 20; round++) {
      const spellings = [`carol${round}`, `Carol${round}`, `CAROL${round}`, `carol${round}`];
      const accounts = await Promise.all(spellings.map((name, i) => (i % 2 === 0 ? a : b).createAccount(name, "hash")));

      expect(accounts.filter((user) => user !== null)).toHaveLength(1);
    }
    expect(await b.members("general")).toHaveLength(20);
  });

  it("tell exactly one of two nodes adding the same people at once that each was new", async () => {
    const { a, b } = await twoNodes();
    const [owner, ...people] = await signUp(a, ...Array.from({ length: 41 }, (_, i) => `user${i}`));
    const ids = people.map((person) => person.id);

    // Rounds of two nodes adding the same people, in opposite orders.
    for (let round = 0; round < 60; round++) {
      const room = await createChannel(a, owner!, `room-${round}`);
      const added = await Promise.all([a.addMembers(room.id, ids), b.addMembers(room.id, [...ids].reverse())]);

      expect(added.flat().sort()).toEqual([...ids].sort());
      expect(await b.findRoom(room.id)).toMatchObject({ memberCount: 41 });
    }
  });
});
