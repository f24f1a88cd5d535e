import { describe, expect, it } from "vitest";
import { ENGINES, createChannel, say, scratchStore, signUp } from "./store-fixture.js";

describe.each(ENGINES)("read state on %s", (engine) => {
  describe("roomsOf and summaryOf", () => {
    it("give each of the user's rooms as the sidebar shows it: channels by name, then direct conversations", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob, carol] = await signUp(store, "alice", "bob", "carol");
      const zeta = await createChannel(store, alice, "zeta");
      const design = await createChannel(store, alice, "design", { topic: "Pixels", visibility: "private" });
      await createChannel(store, bob, "bobs-only");
      const dm = await store.openDm([carol.id, alice.id]);
      const read = (roomId: string) => ({ roomId, lastReadSeq: 0, unread: 0, mentions: 0 });

      const rooms = await store.roomsOf(alice);

      expect(rooms).toEqual([
        { ...design, dmMembers: [], read: read(design.id) },
        { ...(await store.findRoom("general"))!, dmMembers: [], read: read("general") },
        { ...zeta, dmMembers: [], read: read(zeta.id) },
        { ...dm.room, dmMembers: ["alice", "carol"], read: read(dm.room.id) },
      ]);
      for (const room of rooms) expect(await store.summaryOf(room.id, alice)).toEqual(room);
    });

    it("count as unread what others wrote after the marker: not system messages, not deleted, not one's own", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob] = await signUp(store, "alice", "bob");
      await say(store, "general", bob, "one");
      await say(store, "general", alice, "my own");
      await store.appendRoomMessage({
        kind: "system",
        roomId: "general",
        user: "bob",
        event: "topic_changed",
        topic: "t",
      });
      const deleted = await say(store, "general", bob, "oops");
      await store.deleteMessage(deleted.id);
      const question = await say(store, "general", bob, "two");
      await say(store, "general", bob, "a reply counts too", { threadId: question.id });

      expect((await store.summaryOf("general", alice)).read).toEqual({
        roomId: "general",
        lastReadSeq: 0,
        unread: 3,
        mentions: 0,
      });
      expect((await store.summaryOf("general", bob)).read).toEqual({
        roomId: "general",
        lastReadSeq: 0,
        unread: 1,
        mentions: 0,
      });
    });

    it("count the unread messages that mention the user, as the mentions table has them", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob, carol] = await signUp(store, "alice", "bob", "carol");
      await say(store, "general", bob, "hey @alice", { mentions: ["alice"] });
      await say(store, "general", bob, "@carol and @alice", { mentions: ["carol", "alice"] });
      const edited = await say(store, "general", bob, "@alice again", { mentions: ["alice"] });
      const deleted = await say(store, "general", bob, "@alice gone", { mentions: ["alice"] });
      // Mentioning oneself is not news.
      await say(store, "general", alice, "note to @alice", { mentions: ["alice"] });
      await say(store, "general", carol, "nothing for alice");
      await store.editMessage(edited.id, "nobody now", []);
      await store.deleteMessage(deleted.id);

      expect((await store.summaryOf("general", alice)).read).toEqual({
        roomId: "general",
        lastReadSeq: 0,
        unread: 4,
        mentions: 2,
      });
      expect((await store.summaryOf("general", carol)).read).toMatchObject({ unread: 4, mentions: 1 });

      const read = await store.markRead("general", alice, 2);
      expect(read).toEqual({ roomId: "general", lastReadSeq: 2, unread: 2, mentions: 0 });
    });

    it("start a newcomer's marker at the room's newest message", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob] = await signUp(store, "alice", "bob");
      const room = await createChannel(store, alice, "design");
      await say(store, room.id, alice, "before bob");
      await say(store, "general", alice, "before carol");
      await store.addMembers(room.id, [bob.id]);
      const [carol] = await signUp(store, "carol");
      await say(store, room.id, alice, "after bob");

      expect((await store.summaryOf(room.id, bob)).read).toEqual({
        roomId: room.id,
        lastReadSeq: 1,
        unread: 1,
        mentions: 0,
      });
      expect((await store.summaryOf("general", carol)).read).toEqual({
        roomId: "general",
        lastReadSeq: 1,
        unread: 0,
        mentions: 0,
      });
    });

    it("refuse a room the user is not in", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob] = await signUp(store, "alice", "bob");
      const room = await createChannel(store, alice, "design");

      await expect(store.summaryOf(room.id, bob)).rejects.toThrow();
      await expect(store.summaryOf("nowhere", bob)).rejects.toThrow();
      expect((await store.roomsOf(bob)).map((summary) => summary.id)).toEqual(["general"]);
    });
  });

  describe("markRead", () => {
    it("moves the marker forward only, and never past the newest message", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob] = await signUp(store, "alice", "bob");
      for (let i = 1; i <= 5; i++) await say(store, "general", bob, `m${i}`);
      const state = (lastReadSeq: number, unread: number) => ({ roomId: "general", lastReadSeq, unread, mentions: 0 });

      expect(await store.markRead("general", alice, 3)).toEqual(state(3, 2));
      expect(await store.markRead("general", alice, 1)).toEqual(state(3, 2));
      expect(await store.markRead("general", alice, 0)).toEqual(state(3, 2));
      expect(await store.markRead("general", alice, 9)).toEqual(state(5, 0));
      await say(store, "general", bob, "m6");
      expect((await store.summaryOf("general", alice)).read).toEqual(state(5, 1));
      expect(await store.markRead("general", alice, Number.MAX_SAFE_INTEGER)).toEqual(state(6, 0));
      expect((await store.roomsOf(alice)).find((room) => room.id === "general")?.read).toEqual(state(6, 0));
    });

    it("moves only the user's own marker, in that room", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob, carol] = await signUp(store, "alice", "bob", "carol");
      const room = await createChannel(store, alice, "design");
      await store.addMembers(room.id, [bob.id]);
      await say(store, room.id, carol, "in design");
      await say(store, "general", carol, "in general");

      await store.markRead(room.id, bob, 1);

      expect((await store.summaryOf(room.id, bob)).read).toMatchObject({ lastReadSeq: 1, unread: 0 });
      expect((await store.summaryOf(room.id, alice)).read).toMatchObject({ lastReadSeq: 0, unread: 1 });
      expect((await store.summaryOf("general", bob)).read).toMatchObject({ lastReadSeq: 0, unread: 1 });
    });

    it("refuses a room the user is not in, and moves nothing", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob] = await signUp(store, "alice", "bob");
      const room = await createChannel(store, alice, "design");
      await say(store, room.id, alice, "hello");

      await expect(store.markRead(room.id, bob, 1)).rejects.toThrow();
      expect(await store.roomsOf(bob)).toHaveLength(1);
    });
  });
});
