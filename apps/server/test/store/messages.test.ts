import { randomUUID } from "node:crypto";
import type { UserMessage } from "@parley/protocol";
import { describe, expect, it } from "vitest";
import { ENGINES, createChannel, say, scratchStore, signUp } from "./store-fixture.js";

describe.each(ENGINES)("stored messages on %s", (engine) => {
  describe("findMessage and findByClientId", () => {
    it("find a user message by its id, or by its author and clientId", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob] = await signUp(store, "alice", "bob");
      const message = await say(store, "general", alice, "hello", { mentions: ["bob"] });
      await store.toggleReaction(message.id, bob.id, "👍");
      const stored = { ...message, reactions: [{ emoji: "👍", users: ["bob"] }] };

      expect(await store.findMessage(message.id)).toEqual(stored);
      expect(await store.findByClientId("alice", message.clientId!)).toEqual(stored);
    });

    it("find nothing for an unknown id, another author's clientId, or a system message", async () => {
      const { store } = await scratchStore(engine);
      const [alice] = await signUp(store, "alice", "bob");
      const message = await say(store, "general", alice, "hello");
      const system = await store.appendRoomMessage({ kind: "system", roomId: "general", user: "bob", event: "joined" });

      expect(await store.findMessage(randomUUID())).toBeNull();
      expect(await store.findMessage(system.id)).toBeNull();
      expect(await store.findByClientId("bob", message.clientId!)).toBeNull();
      expect(await store.findByClientId("alice", randomUUID())).toBeNull();
    });
  });

  describe("editMessage", () => {
    it("replaces the text and the mentions, and stamps the edit", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob] = await signUp(store, "alice", "bob", "carol");
      const message = await say(store, "general", alice, "hi @bob", { mentions: ["bob"] });
      await store.toggleReaction(message.id, bob.id, "👀");
      const before = Date.now();

      const edited = await store.editMessage(message.id, "hi @carol and @alice", ["carol", "alice"]);

      expect(edited).toEqual({
        ...message,
        text: "hi @carol and @alice",
        editedAt: expect.any(Number),
        mentions: ["carol", "alice"],
        reactions: [{ emoji: "👀", users: ["bob"] }],
      });
      expect(edited.editedAt).toBeGreaterThanOrEqual(before);
      expect(await store.findMessage(message.id)).toEqual(edited);
      expect(await store.editMessage(message.id, "hi all", [])).toMatchObject({ text: "hi all", mentions: [] });
    });

    it("rejects an unknown message", async () => {
      const { store } = await scratchStore(engine);
      await expect(store.editMessage(randomUUID(), "text", [])).rejects.toThrow();
    });
  });

  describe("deleteMessage", () => {
    it("leaves a tombstone without text, reactions or mentions, in its place in the sequence and thread", async () => {
      const { store, tables } = await scratchStore(engine);
      const [alice, bob] = await signUp(store, "alice", "bob");
      const parent = await say(store, "general", alice, "question");
      const reply = await say(store, "general", alice, "secret @bob", { threadId: parent.id, mentions: ["bob"] });
      await store.toggleReaction(reply.id, bob.id, "👍");

      const tombstone = await store.deleteMessage(reply.id);

      expect(tombstone).toEqual({ ...reply, text: "", deleted: true, reactions: [], mentions: [] });
      expect(await store.findMessage(reply.id)).toEqual(tombstone);
      expect((await store.listMessages({ roomId: "general", threadId: parent.id, limit: 10 })).messages).toEqual([
        tombstone,
      ]);
      expect(await store.findMessage(parent.id)).toMatchObject({ replyCount: 1 });
      // Gone from the tables, not only hidden: a leaked database does not hold it.
      const db = await tables();
      expect(await db.selectFrom("room_messages").select("body").where("id", "=", reply.id).execute()).toEqual([
        { body: "" },
      ]);
      expect(await db.selectFrom("reactions").selectAll().where("message_id", "=", reply.id).execute()).toEqual([]);
      expect(await db.selectFrom("mentions").selectAll().where("message_id", "=", reply.id).execute()).toEqual([]);
    });
  });

  describe("toggleReaction", () => {
    it("lists one reaction per emoji in the order first used, with who reacted in the order they did", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob, carol] = await signUp(store, "alice", "bob", "carol");
      const message = await say(store, "general", alice, "lunch?");

      await store.toggleReaction(message.id, carol.id, "👍");
      await store.toggleReaction(message.id, alice.id, "🍕");
      await store.toggleReaction(message.id, bob.id, "👍");
      const answered = await store.toggleReaction(message.id, alice.id, "👍");

      const reactions = [
        { emoji: "👍", users: ["carol", "bob", "alice"] },
        { emoji: "🍕", users: ["alice"] },
      ];
      expect(answered).toEqual({ ...message, reactions });
      expect(await store.findMessage(message.id)).toEqual({ ...message, reactions });
    });

    it("takes a reaction back on the second toggle; an emoji nobody uses any more goes, and comes back last", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob] = await signUp(store, "alice", "bob");
      const message = await say(store, "general", alice, "lunch?");
      await store.toggleReaction(message.id, bob.id, "👍");
      await store.toggleReaction(message.id, alice.id, "👍");
      await store.toggleReaction(message.id, bob.id, "🍕");

      expect((await store.toggleReaction(message.id, bob.id, "👍")).reactions).toEqual([
        { emoji: "👍", users: ["alice"] },
        { emoji: "🍕", users: ["bob"] },
      ]);
      expect((await store.toggleReaction(message.id, alice.id, "👍")).reactions).toEqual([
        { emoji: "🍕", users: ["bob"] },
      ]);
      expect((await store.toggleReaction(message.id, bob.id, "👍")).reactions).toEqual([
        { emoji: "🍕", users: ["bob"] },
        { emoji: "👍", users: ["bob"] },
      ]);
    });

    it("rejects an unknown message", async () => {
      const { store } = await scratchStore(engine);
      const [alice] = await signUp(store, "alice");
      await expect(store.toggleReaction(randomUUID(), alice.id, "👍")).rejects.toThrow();
    });
  });

  describe("listMessages", () => {
    it("pages back from the newest, before a sequence number, and forward after one", async () => {
      const { store } = await scratchStore(engine);
      const [alice] = await signUp(store, "alice");
      const sent: UserMessage[] = [];
      for (let i = 1; i <= 7; i++) sent.push(await say(store, "general", alice, `m${i}`));
      const page = (first: number, last: number) => sent.slice(first - 1, last);

      const list = (cursor: { before?: number; after?: number }, limit: number) =>
        store.listMessages({ roomId: "general", threadId: null, limit, ...cursor });
      expect(await list({}, 3)).toEqual({ messages: page(5, 7), hasMore: true });
      expect(await list({ before: 5 }, 3)).toEqual({ messages: page(2, 4), hasMore: true });
      expect(await list({ before: 4 }, 3)).toEqual({ messages: page(1, 3), hasMore: false });
      expect(await list({ before: 1 }, 3)).toEqual({ messages: [], hasMore: false });
      expect(await list({ after: 0 }, 3)).toEqual({ messages: page(1, 3), hasMore: true });
      expect(await list({ after: 4 }, 3)).toEqual({ messages: page(5, 7), hasMore: false });
      expect(await list({ after: 7 }, 3)).toEqual({ messages: [], hasMore: false });
      expect(await list({}, 7)).toEqual({ messages: sent, hasMore: false });
      // Cursors past any sequence number a table holds mean "the newest".
      expect(await list({ before: Number.MAX_SAFE_INTEGER }, 2)).toEqual({ messages: page(6, 7), hasMore: true });
      expect(await list({ after: Number.MAX_SAFE_INTEGER }, 2)).toEqual({ messages: [], hasMore: false });
    });

    it("keeps thread replies out of the main timeline and lists each thread on its own", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob] = await signUp(store, "alice", "bob");
      const first = await say(store, "general", alice, "first question");
      const second = await say(store, "general", alice, "second question");
      const a = await say(store, "general", bob, "answer to first", { threadId: first.id });
      const b = await say(store, "general", bob, "answer to second", { threadId: second.id });
      const c = await say(store, "general", alice, "more on first", { threadId: first.id });
      const last = await say(store, "general", alice, "done");

      const main = await store.listMessages({ roomId: "general", threadId: null, limit: 10 });
      expect(main).toEqual({
        messages: [{ ...first, replyCount: 2 }, { ...second, replyCount: 1 }, last],
        hasMore: false,
      });
      expect(await store.listMessages({ roomId: "general", threadId: first.id, limit: 10 })).toEqual({
        messages: [a, c],
        hasMore: false,
      });
      expect(await store.listMessages({ roomId: "general", threadId: first.id, after: a.seq, limit: 10 })).toEqual({
        messages: [c],
        hasMore: false,
      });
      expect(await store.listMessages({ roomId: "general", threadId: second.id, limit: 10 })).toEqual({
        messages: [b],
        hasMore: false,
      });
    });

    it("lists only the room asked for, system messages included", async () => {
      const { store } = await scratchStore(engine);
      const [alice] = await signUp(store, "alice");
      const random = await createChannel(store, alice, "random");
      await say(store, "general", alice, "in general");
      const created = await store.appendRoomMessage({
        kind: "system",
        roomId: random.id,
        user: "alice",
        event: "created",
        name: "random",
      });
      const said = await say(store, random.id, alice, "in random");

      expect(await store.listMessages({ roomId: random.id, threadId: null, limit: 10 })).toEqual({
        messages: [created, said],
        hasMore: false,
      });
      expect(await store.listMessages({ roomId: "nowhere", threadId: null, limit: 10 })).toEqual({
        messages: [],
        hasMore: false,
      });
    });
  });
});
