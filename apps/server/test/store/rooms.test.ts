import { describe, expect, it } from "vitest";
import { ENGINES, createChannel, say, scratchStore, signUp } from "./store-fixture.js";

describe.each(ENGINES)("rooms on %s", (engine) => {
  describe("general", () => {
    it("exists from the start, owned by nobody, with everyone who signed up in it", async () => {
      const { store } = await scratchStore(engine);
      expect(await store.findRoom("general")).toEqual({
        id: "general",
        kind: "channel",
        name: "general",
        topic: "Everyone is here.",
        visibility: "public",
        ownerId: null,
        memberCount: 0,
        lastSeq: 0,
      });
      await signUp(store, "alice", "bob");
      expect(await store.findRoom("general")).toMatchObject({ memberCount: 2 });
    });
  });

  describe("createChannel", () => {
    it("creates the channel with its owner as its first member", async () => {
      const { store } = await scratchStore(engine);
      const [alice] = await signUp(store, "alice");

      const room = await store.createChannel({
        name: "design",
        topic: "Pixels",
        visibility: "private",
        ownerId: alice.id,
      });

      const expected = {
        id: expect.stringMatching(/^[a-z0-9][a-z0-9-]{0,63}$/),
        kind: "channel",
        name: "design",
        topic: "Pixels",
        visibility: "private",
        ownerId: alice.id,
        memberCount: 1,
        lastSeq: 0,
      };
      expect(room).toEqual(expected);
      expect(await store.findRoom(room!.id)).toEqual(room);
      expect(await store.members(room!.id)).toEqual([alice]);
    });

    it("refuses a name taken in any letter case", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob] = await signUp(store, "alice", "bob");
      await createChannel(store, alice, "design");

      expect(
        await store.createChannel({ name: "design", topic: "", visibility: "public", ownerId: bob.id }),
      ).toBeNull();
      expect(
        await store.createChannel({ name: "DeSign", topic: "", visibility: "public", ownerId: bob.id }),
      ).toBeNull();
      expect(
        await store.createChannel({ name: "General", topic: "", visibility: "public", ownerId: bob.id }),
      ).toBeNull();
      expect(await store.browseChannels("sign")).toHaveLength(1);
      expect(
        await store.createChannel({ name: "design-2", topic: "", visibility: "public", ownerId: bob.id }),
      ).toMatchObject({
        name: "design-2",
        ownerId: bob.id,
      });
    });
  });

  describe("findRoom", () => {
    it("counts members and knows the newest sequence number; null for no such room", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob] = await signUp(store, "alice", "bob");
      const room = await createChannel(store, alice, "design");
      await store.addMembers(room.id, [bob.id]);
      await say(store, room.id, alice, "one");
      await say(store, room.id, bob, "two");

      expect(await store.findRoom(room.id)).toEqual({ ...room, memberCount: 2, lastSeq: 2 });
      expect(await store.findRoom("nowhere")).toBeNull();
    });
  });

  describe("updateChannel", () => {
    it("renames and sets the topic, each alone or both", async () => {
      const { store } = await scratchStore(engine);
      const [alice] = await signUp(store, "alice");
      const room = await createChannel(store, alice, "design", { topic: "Pixels" });

      expect(await store.updateChannel(room.id, { name: "ux" })).toEqual({ ...room, name: "ux" });
      expect(await store.updateChannel(room.id, { topic: "" })).toEqual({ ...room, name: "ux", topic: "" });
      expect(await store.updateChannel(room.id, { name: "ui", topic: "Screens" })).toEqual({
        ...room,
        name: "ui",
        topic: "Screens",
      });
      // The old name is free again.
      expect(
        await store.createChannel({ name: "design", topic: "", visibility: "public", ownerId: alice.id }),
      ).not.toBeNull();
    });

    it("refuses a name another channel holds in any letter case; its own name in another case is fine", async () => {
      const { store } = await scratchStore(engine);
      const [alice] = await signUp(store, "alice");
      const design = await createChannel(store, alice, "design");
      const ux = await createChannel(store, alice, "ux");

      expect(await store.updateChannel(ux.id, { name: "Design" })).toBeNull();
      expect(await store.updateChannel(ux.id, { name: "general", topic: "stolen" })).toBeNull();
      expect(await store.findRoom(ux.id)).toEqual(ux);
      expect(await store.updateChannel(design.id, { name: "DESIGN" })).toEqual({ ...design, name: "DESIGN" });
    });

    it("answers null for no such room", async () => {
      const { store } = await scratchStore(engine);
      expect(await store.updateChannel("nowhere", { topic: "x" })).toBeNull();
    });

    it("changes nothing when asked for no change, nor in a direct conversation", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob] = await signUp(store, "alice", "bob");
      const room = await createChannel(store, alice, "design", { topic: "Pixels" });
      const dm = await store.openDm([alice.id, bob.id]);

      expect(await store.updateChannel(room.id, {})).toEqual(room);
      expect(await store.updateChannel(room.id, { name: undefined, topic: undefined })).toEqual(room);
      expect(await store.updateChannel(dm.room.id, { name: "dm", topic: "x" })).toEqual(dm.room);
    });
  });

  describe("browseChannels", () => {
    it("finds public channels by name or topic in any letter case, by name", async () => {
      const { store } = await scratchStore(engine);
      const [alice] = await signUp(store, "alice");
      const zeta = await createChannel(store, alice, "zeta", { topic: "About DESIGN" });
      const design = await createChannel(store, alice, "design");
      await createChannel(store, alice, "design-team", { visibility: "private" });
      await createChannel(store, alice, "random");

      expect(await store.browseChannels("Design")).toEqual([design, zeta]);
      expect((await store.browseChannels("")).map((room) => room.name)).toEqual([
        "design",
        "general",
        "random",
        "zeta",
      ]);
    });

    it("takes % and _ (and \\) literally", async () => {
      const { store } = await scratchStore(engine);
      const [alice] = await signUp(store, "alice");
      await createChannel(store, alice, "a_b");
      await createChannel(store, alice, "axb");
      await createChannel(store, alice, "rates", { topic: "100% up" });
      await createChannel(store, alice, "paths", { topic: "C:\\temp" });

      expect((await store.browseChannels("a_b")).map((room) => room.name)).toEqual(["a_b"]);
      expect((await store.browseChannels("_")).map((room) => room.name)).toEqual(["a_b"]);
      expect((await store.browseChannels("%")).map((room) => room.name)).toEqual(["rates"]);
      expect((await store.browseChannels("0%")).map((room) => room.name)).toEqual(["rates"]);
      expect((await store.browseChannels("\\")).map((room) => room.name)).toEqual(["paths"]);
      expect((await store.browseChannels("'; drop table rooms; --")).map((room) => room.name)).toEqual([]);
    });

    it("counts members and messages in what it finds", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob] = await signUp(store, "alice", "bob");
      const room = await createChannel(store, alice, "design");
      await store.addMembers(room.id, [bob.id]);
      await say(store, room.id, bob, "hello");

      expect(await store.browseChannels("design")).toEqual([{ ...room, memberCount: 2, lastSeq: 1 }]);
    });
  });

  describe("openDm", () => {
    it("creates the conversation of exactly these people once, whatever order they come in", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob, carol] = await signUp(store, "alice", "bob", "carol");

      const opened = await store.openDm([bob.id, alice.id]);
      const room = {
        id: expect.stringMatching(/^[a-z0-9][a-z0-9-]{0,63}$/),
        kind: "dm",
        name: "",
        topic: "",
        visibility: "private",
        ownerId: null,
        memberCount: 2,
        lastSeq: 0,
      };
      expect(opened).toEqual({ room, created: true });
      expect(await store.openDm([alice.id, bob.id, alice.id])).toEqual({ room: opened.room, created: false });
      expect(await store.members(opened.room.id)).toEqual([alice, bob]);

      const three = await store.openDm([carol.id, alice.id, bob.id]);
      expect(three).toEqual({ room: { ...room, memberCount: 3 }, created: true });
      expect(three.room.id).not.toBe(opened.room.id);
      // Direct conversations are never browsed.
      expect(await store.browseChannels("")).toEqual([await store.findRoom("general")]);
    });
  });

  describe("addMembers and removeMember", () => {
    it("add only those who were not members yet, and say who they were", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob, carol] = await signUp(store, "alice", "bob", "carol");
      const room = await createChannel(store, alice, "design");

      expect(await store.addMembers(room.id, [bob.id, alice.id, bob.id])).toEqual([bob.id]);
      expect(await store.addMembers(room.id, [bob.id])).toEqual([]);
      expect(await store.addMembers(room.id, [])).toEqual([]);
      expect((await store.addMembers(room.id, [carol.id, bob.id])).sort()).toEqual([carol.id]);
      expect(await store.members(room.id)).toEqual([alice, bob, carol]);
      expect(await store.findRoom(room.id)).toMatchObject({ memberCount: 3 });
    });

    it("remove a member, false when they were not one", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob] = await signUp(store, "alice", "bob");
      const room = await createChannel(store, alice, "design");
      await store.addMembers(room.id, [bob.id]);

      expect(await store.removeMember(room.id, bob.id)).toBe(true);
      expect(await store.removeMember(room.id, bob.id)).toBe(false);
      expect(await store.removeMember("nowhere", alice.id)).toBe(false);
      expect(await store.members(room.id)).toEqual([alice]);
      expect(await store.roomIdsOf(bob)).toEqual(["general"]);
    });

    it("list members by name in any letter case", async () => {
      const { store } = await scratchStore(engine);
      const [zed, amy, bob] = await signUp(store, "zed", "Amy", "bob");
      const room = await createChannel(store, zed, "design");
      await store.addMembers(room.id, [bob.id, amy.id]);

      expect(await store.members(room.id)).toEqual([amy, bob, zed]);
      expect(await store.members("nowhere")).toEqual([]);
    });
  });

  describe("accessOf", () => {
    it("answers the room and whether the user is in it; null for no such room", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob] = await signUp(store, "alice", "bob");
      const room = await createChannel(store, alice, "design", { topic: "Pixels", visibility: "private" });
      const dm = await store.openDm([alice.id, bob.id]);

      const access = { id: room.id, kind: "channel", name: "design", visibility: "private", ownerId: alice.id };
      expect(await store.accessOf(room.id, alice.id)).toEqual({ room: access, member: true });
      expect(await store.accessOf(room.id, bob.id)).toEqual({ room: access, member: false });
      expect(await store.accessOf(dm.room.id, bob.id)).toEqual({
        room: { id: dm.room.id, kind: "dm", name: "", visibility: "private", ownerId: null },
        member: true,
      });
      expect(await store.accessOf("general", bob.id)).toEqual({
        room: { id: "general", kind: "channel", name: "general", visibility: "public", ownerId: null },
        member: true,
      });
      expect(await store.accessOf("nowhere", alice.id)).toBeNull();
    });
  });

  describe("roomIdsOf", () => {
    it("lists the ids of the user's rooms, channels and direct conversations", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob] = await signUp(store, "alice", "bob");
      const room = await createChannel(store, alice, "design");
      const dm = await store.openDm([alice.id, bob.id]);

      expect((await store.roomIdsOf(alice)).sort()).toEqual(["general", room.id, dm.room.id].sort());
      expect((await store.roomIdsOf(bob)).sort()).toEqual(["general", dm.room.id].sort());
    });
  });
});
