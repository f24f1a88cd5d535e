import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ClientIdTaken } from "../../src/store/store.js";
import {
  ENGINES,
  createChannel,
  freshMessage,
  say,
  scratchStore,
  signUp,
  timeline,
  userMessage,
} from "./store-fixture.js";

describe.each(ENGINES)("appendRoomMessage on %s", (engine) => {
  it("numbers each room's messages 1, 2, 3, ... and answers with the stored message", async () => {
    const { store } = await scratchStore(engine);
    const [alice] = await signUp(store, "alice");
    const random = await createChannel(store, alice, "random");

    const first = await say(store, "general", alice, "one");
    const elsewhere = await say(store, random.id, alice, "elsewhere");
    const second = await say(store, "general", alice, "two");

    expect(first).toEqual(freshMessage({ roomId: "general", seq: 1, author: "alice", text: "one" }));
    expect(elsewhere).toEqual(freshMessage({ roomId: random.id, seq: 1, author: "alice", text: "elsewhere" }));
    expect(second).toEqual(freshMessage({ roomId: "general", seq: 2, author: "alice", text: "two" }));
    expect(await timeline(store, "general")).toEqual([first, second]);
    expect(await store.findRoom("general")).toMatchObject({ lastSeq: 2 });
    expect(await store.findRoom(random.id)).toMatchObject({ lastSeq: 1 });
  });

  it("commits concurrent appends together, numbered in call order, each caller answered with its own", async () => {
    const { store } = await scratchStore(engine);
    const [alice, bob] = await signUp(store, "alice", "bob");
    const random = await createChannel(store, alice, "random");
    const sent = Array.from({ length: 120 }, (_, i) =>
      userMessage(i % 3 === 0 ? random.id : "general", i % 2 === 0 ? alice : bob, `message ${i}`),
    );

    const answers = await Promise.all(sent.map((message) => store.appendRoomMessage(message)));

    expect(answers.map((m) => (m.kind === "user" ? [m.roomId, m.author, m.clientId, m.text] : null))).toEqual(
      sent.map((m) => [m.roomId, m.author, m.clientId, m.text]),
    );
    const inRandom = answers.filter((m) => m.roomId === random.id);
    const inGeneral = answers.filter((m) => m.roomId === "general");
    expect(inRandom.map((m) => m.seq)).toEqual(inRandom.map((_, i) => i + 1));
    expect(inGeneral.map((m) => m.seq)).toEqual(inGeneral.map((_, i) => i + 1));
    expect(await timeline(store, random.id)).toEqual(inRandom);
    expect(await timeline(store, "general")).toEqual(inGeneral);
  });

  it("counts a reply on its parent, and numbers it in the room's sequence", async () => {
    const { store } = await scratchStore(engine);
    const [alice, bob] = await signUp(store, "alice", "bob");
    const parent = await say(store, "general", alice, "question");

    const replies = await Promise.all(
      [1, 2, 3].map((i) => say(store, "general", bob, `answer ${i}`, { threadId: parent.id })),
    );
    const after = await say(store, "general", alice, "back in the main timeline");

    expect(replies).toEqual(
      [1, 2, 3].map((i) =>
        freshMessage({ roomId: "general", seq: i + 1, author: "bob", text: `answer ${i}`, threadId: parent.id }),
      ),
    );
    expect(after.seq).toBe(5);
    expect(await store.findMessage(parent.id)).toEqual({ ...parent, replyCount: 3 });
    expect(await timeline(store, "general", parent.id)).toEqual(replies);
  });

  it("refuses a reused clientId with ClientIdTaken, storing nothing, while the rest of its batch commits", async () => {
    const { store } = await scratchStore(engine);
    const [alice, bob] = await signUp(store, "alice", "bob");
    const parent = await say(store, "general", alice, "question");
    const clientId = randomUUID();

    const outcomes = await Promise.allSettled([
      store.appendRoomMessage(userMessage("general", alice, "first", { clientId, threadId: parent.id })),
      store.appendRoomMessage(userMessage("general", bob, "other")),
      store.appendRoomMessage(userMessage("general", alice, "retry", { clientId, threadId: parent.id })),
      // Another author may use the same clientId: it is the sender's own id.
      store.appendRoomMessage(userMessage("general", bob, "bob's", { clientId })),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    const refused = outcomes[2] as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ClientIdTaken);
    // The refused reply took no sequence number and did not count on its parent.
    expect((await timeline(store, "general")).map((m) => [m.seq, m.kind === "user" && m.text])).toEqual([
      [1, "question"],
      [3, "other"],
      [4, "bob's"],
    ]);
    expect((await timeline(store, "general", parent.id)).map((m) => [m.seq, m.kind === "user" && m.text])).toEqual([
      [2, "first"],
    ]);
    expect(await store.findMessage(parent.id)).toMatchObject({ replyCount: 1 });
  });

  it("refuses a clientId used in an earlier batch, and the room's next message takes the next number", async () => {
    const { store } = await scratchStore(engine);
    const [alice] = await signUp(store, "alice");
    const first = await say(store, "general", alice, "once");

    await expect(say(store, "general", alice, "again", { clientId: first.clientId! })).rejects.toBeInstanceOf(
      ClientIdTaken,
    );

    expect(await say(store, "general", alice, "next")).toMatchObject({ seq: 2 });
    expect(await store.findByClientId("alice", first.clientId!)).toEqual(first);
  });

  it("stores mentions in the order given", async () => {
    const { store } = await scratchStore(engine);
    const [alice] = await signUp(store, "alice", "bob", "carol");

    const message = await say(store, "general", alice, "@carol and @bob", { mentions: ["carol", "bob"] });

    expect(message.mentions).toEqual(["carol", "bob"]);
    expect(await store.findMessage(message.id)).toEqual(message);
  });

  it("stores a mention named twice, in any letter case, once; the rest of the batch commits", async () => {
    const { store } = await scratchStore(engine);
    const [alice] = await signUp(store, "alice", "bob", "carol");

    const [innocent, repeated] = await Promise.all([
      say(store, "general", alice, "nothing to see"),
      say(store, "general", alice, "@bob @carol @BOB", { mentions: ["bob", "carol", "BOB"] }),
    ]);

    expect(innocent).toMatchObject({ seq: 1 });
    expect(await store.findMessage(repeated.id)).toMatchObject({ seq: 2, mentions: ["bob", "carol"] });
  });

  it("stores system messages with their details, none taking a clientId, in the room's sequence", async () => {
    const { store } = await scratchStore(engine);
    const [alice] = await signUp(store, "alice");
    const design = await createChannel(store, alice, "design");
    const base = { roomId: design.id, user: "alice" } as const;

    const told = [
      await store.appendRoomMessage({ kind: "system", ...base, event: "created", name: "design" }),
      await store.appendRoomMessage({ kind: "system", ...base, event: "joined" }),
      await store.appendRoomMessage({ kind: "system", ...base, event: "renamed", from: "design", to: "ux" }),
      await store.appendRoomMessage({ kind: "system", ...base, event: "topic_changed", topic: "Pixels" }),
      await store.appendRoomMessage({ kind: "system", ...base, event: "topic_changed", topic: "" }),
      await store.appendRoomMessage({ kind: "system", ...base, event: "left" }),
    ];

    const common = { kind: "system", ...base, id: expect.any(String), createdAt: expect.any(Number) };
    expect(told).toEqual([
      { ...common, seq: 1, event: "created", name: "design" },
      { ...common, seq: 2, event: "joined" },
      { ...common, seq: 3, event: "renamed", from: "design", to: "ux" },
      { ...common, seq: 4, event: "topic_changed", topic: "Pixels" },
      { ...common, seq: 5, event: "topic_changed", topic: "" },
      { ...common, seq: 6, event: "left" },
    ]);
    expect(await timeline(store, design.id)).toEqual(told);
    // A system message is no user message.
    expect(await store.findMessage(told[0]!.id)).toBeNull();
  });

  it("keeps text exactly as given: quotes, markup, emoji, newlines, SQL", async () => {
    const { store } = await scratchStore(engine);
    const [alice] = await signUp(store, "alice");
    const texts = [
      `it's "quoted" \\ back\\slash`,
      "<script>alert(1)</script>",
      "👍🏽 café 日本語",
      "  two\nlines\t ",
      "'); drop table room_messages; --",
      "x".repeat(4000),
    ];

    const stored = await Promise.all(texts.map((text) => say(store, "general", alice, text)));

    expect(stored.map((m) => m.text)).toEqual(texts);
    expect((await timeline(store, "general")).map((m) => m.kind === "user" && m.text)).toEqual(texts);
  });
});
