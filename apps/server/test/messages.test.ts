import { randomUUID } from "node:crypto";
import type { RoomMessage } from "@parley/protocol";
import { describe, expect } from "vitest";
import { asUser, channel, dm, post, recorder } from "./conversations.js";
import { history, itWithPeopleRelaxed, nextEvents, nextMessages } from "./harness.js";

const it = itWithPeopleRelaxed("alice", "bob", "carol");

describe("sending", () => {
  it("stores the @mentions that are people, spelled as their accounts are", async ({ people }) => {
    const { alice, bob } = people;
    const atBob = nextMessages(bob);
    const message = await post(alice, "general", "hi @BOB and @nobody, cc @Carol. mail alice@bob.com");
    expect(message).toMatchObject({
      kind: "user",
      author: "alice",
      threadId: null,
      replyCount: 0,
      editedAt: null,
      deleted: false,
      reactions: [],
      mentions: ["bob", "carol"],
    });
    expect(await atBob).toEqual([message]);
  });
});

describe("editing and deleting", () => {
  it("lets the author edit, and every member sees it live", async ({ people }) => {
    const { alice, bob, carol } = people;
    const original = await post(alice, "general", "helo world");
    const live = [bob, carol, alice].map((socket) => nextEvents(socket, "message:updated"));

    const edited = await alice.emitWithAck("message:edit", { messageId: original.id, text: "hello world @bob" });

    expect(edited.ok).toBe(true);
    if (!edited.ok) return;
    expect(edited.data).toMatchObject({
      id: original.id,
      seq: original.seq,
      text: "hello world @bob",
      mentions: ["bob"],
    });
    expect(asUser(edited.data).editedAt).toEqual(expect.any(Number));
    for (const received of await Promise.all(live)) expect(received).toEqual([edited.data]);
  });

  it("refuses an edit or a deletion by anyone but the author", async ({ people }) => {
    const { alice, bob } = people;
    const message = await post(alice, "general", "mine");
    const edit = await bob.emitWithAck("message:edit", { messageId: message.id, text: "yours now" });
    const remove = await bob.emitWithAck("message:delete", { messageId: message.id });
    expect(edit.ok || edit.error.code).toBe("forbidden");
    expect(remove.ok || remove.error.code).toBe("forbidden");
    const page = await alice.emitWithAck("message:list", { roomId: "general" });
    expect(page.ok && page.data.messages.find((m) => m.id === message.id)).toEqual(message);
  });

  it("leaves a tombstone in its place, live to everyone", async ({ people }) => {
    const { alice, bob } = people;
    const first = await post(alice, "general", "oops, wrong room");
    await bob.emitWithAck("message:react", { messageId: first.id, emoji: "👀" });
    const after = await post(bob, "general", "after it");
    const live = nextEvents(bob, "message:updated");

    const deleted = await alice.emitWithAck("message:delete", { messageId: first.id });

    expect(deleted).toEqual({
      ok: true,
      data: { ...first, text: "", deleted: true, reactions: [], mentions: [] },
    });
    expect(await live).toEqual([deleted.ok && deleted.data]);
    const page = await bob.emitWithAck("message:list", { roomId: "general" });
    if (!page.ok) throw new Error(page.error.message);
    const seqs = page.data.messages.map((m) => m.seq);
    expect(seqs).toContain(first.seq);
    expect(page.data.messages.find((m) => m.id === first.id)).toMatchObject({
      seq: first.seq,
      deleted: true,
      text: "",
    });
    expect(page.data.messages.at(-1)).toEqual(after);

    const again = await alice.emitWithAck("message:edit", { messageId: first.id, text: "back?" });
    expect(again.ok || again.error.code).toBe("not_found");
    const react = await bob.emitWithAck("message:react", { messageId: first.id, emoji: "👍" });
    expect(react.ok || react.error.code).toBe("not_found");
  });
});

describe("reactions", () => {
  it("toggles each person's reaction, counting who in the order they reacted, live", async ({ people }) => {
    const { alice, bob, carol } = people;
    const message = await post(alice, "general", "lunch?");
    const live = nextEvents(alice, "message:updated", 4);

    await bob.emitWithAck("message:react", { messageId: message.id, emoji: "👍" });
    await carol.emitWithAck("message:react", { messageId: message.id, emoji: "👍" });
    await bob.emitWithAck("message:react", { messageId: message.id, emoji: ":taco:" });
    const last = await bob.emitWithAck("message:react", { messageId: message.id, emoji: "👍" });

    const expected = [
      { emoji: "👍", users: ["carol"] },
      { emoji: ":taco:", users: ["bob"] },
    ];
    expect(last.ok && asUser(last.data).reactions).toEqual(expected);
    const updates = (await live).map((m) => asUser(m).reactions);
    expect(updates).toEqual([
      [{ emoji: "👍", users: ["bob"] }],
      [{ emoji: "👍", users: ["bob", "carol"] }],
      [
        { emoji: "👍", users: ["bob", "carol"] },
        { emoji: ":taco:", users: ["bob"] },
      ],
      expected,
    ]);
  });
});

describe("threads", () => {
  it("keeps replies in their thread and counts them on the parent, live", async ({ people }) => {
    const { alice, bob } = people;
    const parent = await post(alice, "general", "who is coming on friday?");
    const created = nextMessages(alice);
    const updated = nextEvents(alice, "message:updated");

    const reply = await post(bob, "general", "me", parent.id);

    expect(reply).toMatchObject({ threadId: parent.id, replyCount: 0, seq: parent.seq + 1 });
    expect(await created).toEqual([reply]);
    expect(await updated).toEqual([{ ...parent, replyCount: 1 }]);
    const second = await post(alice, "general", "great", parent.id);
    const main = await post(alice, "general", "back in the main timeline");

    const thread = await alice.emitWithAck("message:list", { roomId: "general", threadId: parent.id });
    expect(thread).toEqual({
      ok: true,
      data: { roomId: "general", threadId: parent.id, messages: [reply, second], hasMore: false },
    });
    const timeline = await alice.emitWithAck("message:list", { roomId: "general" });
    if (!timeline.ok) throw new Error(timeline.error.message);
    const ids = timeline.data.messages.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining([parent.id, main.id]));
    expect(ids).not.toContain(reply.id);
    expect(ids).not.toContain(second.id);
    expect(timeline.data.messages.find((m) => m.id === parent.id)).toMatchObject({ replyCount: 2 });
  });

  it("is one level deep, and only under a message of the same room", async ({ people }) => {
    const { alice } = people;
    const parent = await post(alice, "general", "parent");
    const reply = await post(alice, "general", "reply", parent.id);
    const nested = await alice.emitWithAck("message:send", {
      clientId: randomUUID(),
      roomId: "general",
      text: "deeper",
      threadId: reply.id,
    });
    expect(nested.ok || nested.error.code).toBe("invalid_payload");

    const elsewhere = await channel(alice, "elsewhere", "public");
    const crossed = await alice.emitWithAck("message:send", {
      clientId: randomUUID(),
      roomId: elsewhere.id,
      text: "x",
      threadId: parent.id,
    });
    expect(crossed.ok || crossed.error.code).toBe("not_found");
    const unknown = await alice.emitWithAck("message:send", {
      clientId: randomUUID(),
      roomId: "general",
      text: "x",
      threadId: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknown.ok || unknown.error.code).toBe("not_found");
  });
});

describe("history pages", () => {
  it("pages back with before and forward with after, saying whether there is more", async ({ people }) => {
    const { alice } = people;
    const room = await channel(alice, "pages", "public");
    // 120 in all: the channel's first message says who created it.
    const sent: RoomMessage[] = await history(alice, room.id);
    expect(sent).toEqual([expect.objectContaining({ kind: "system", event: "created" })]);
    for (let i = 0; i < 119; i++) sent.push(await post(alice, room.id, `m${i}`));
    const all = await collect(async (before) => {
      const page = await alice.emitWithAck("message:list", { roomId: room.id, before, limit: 50 });
      if (!page.ok) throw new Error(page.error.message);
      return page.data;
    }, "back");
    expect(all.pages).toEqual([50, 50, 20]);
    expect(all.messages).toEqual(sent);

    const forward = await collect(async (after) => {
      const page = await alice.emitWithAck("message:list", { roomId: room.id, after: after ?? 0, limit: 50 });
      if (!page.ok) throw new Error(page.error.message);
      return page.data;
    }, "forward");
    expect(forward.pages).toEqual([50, 50, 20]);
    expect(forward.messages).toEqual(sent);

    const newest = await alice.emitWithAck("message:list", { roomId: room.id, limit: 3 });
    expect(newest.ok && newest.data.messages.map((m) => m.seq)).toEqual(sent.slice(-3).map((m) => m.seq));
    const defaults = await alice.emitWithAck("message:list", { roomId: room.id });
    expect(defaults.ok && defaults.data.messages.length).toBe(50);
    const both = await alice.emitWithAck("message:list", { roomId: room.id, before: 10, after: 2 });
    expect(both.ok || both.error.code).toBe("invalid_payload");
  });
});

describe("the page around a message", () => {
  it("holds the message in its middle however far back it is, and says what lies either side", async ({ people }) => {
    const { alice } = people;
    const room = await channel(alice, "around", "public");
    const sent: RoomMessage[] = [];
    for (let i = 0; i < 120; i++) sent.push(await post(alice, room.id, `m${i}`));
    const target = sent[10]!;

    const page = await alice.emitWithAck("message:list", { roomId: room.id, around: target.id, limit: 10 });
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    expect(page.data.messages.map((m) => m.id)).toEqual(sent.slice(6, 16).map((m) => m.id));
    expect(page.data).toMatchObject({ roomId: room.id, threadId: null, hasMore: true, hasNewer: true });

    // The oldest end: the channel's first message says who created it, then the 25 after the target.
    const first = await alice.emitWithAck("message:list", { roomId: room.id, around: sent[0]!.id });
    expect(first.ok && first.data.messages[0]).toMatchObject({ kind: "system", event: "created" });
    expect(first.ok && first.data.messages.slice(1).map((m) => m.id)).toEqual(sent.slice(0, 26).map((m) => m.id));
    expect(first.ok && [first.data.hasMore, first.data.hasNewer]).toEqual([false, true]);

    const newest = await alice.emitWithAck("message:list", { roomId: room.id, around: sent.at(-1)!.id, limit: 1 });
    expect(newest.ok && newest.data.messages.map((m) => m.id)).toEqual([sent.at(-1)!.id]);
    expect(newest.ok && [newest.data.hasMore, newest.data.hasNewer]).toEqual([true, false]);
  });

  it("finds a reply only in its own thread, and nothing in another room or for an outsider", async ({ people }) => {
    const { alice, carol } = people;
    const room = await channel(alice, "around-private", "private");
    const parent = await post(alice, room.id, "parent");
    const reply = await post(alice, room.id, "reply", parent.id);
    const elsewhere = await post(alice, "general", "in general");

    const inThread = await alice.emitWithAck("message:list", {
      roomId: room.id,
      threadId: parent.id,
      around: reply.id,
    });
    expect(inThread.ok && inThread.data.messages.map((m) => m.id)).toEqual([reply.id]);
    for (const ack of [
      await alice.emitWithAck("message:list", { roomId: room.id, around: reply.id }),
      await alice.emitWithAck("message:list", { roomId: room.id, around: elsewhere.id }),
      await alice.emitWithAck("message:list", { roomId: room.id, around: randomUUID() }),
      await carol.emitWithAck("message:list", { roomId: room.id, around: parent.id }),
    ]) {
      expect(ack.ok || ack.error.code).toBe("not_found");
    }
    const both = await alice.emitWithAck("message:list", { roomId: room.id, around: parent.id, after: 1 });
    expect(both.ok || both.error.code).toBe("invalid_payload");
  });
});

/** Follows pages in one direction until there are no more. */
async function collect(
  fetchPage: (cursor: number | undefined) => Promise<{ messages: RoomMessage[]; hasMore: boolean }>,
  direction: "back" | "forward",
): Promise<{ pages: number[]; messages: RoomMessage[] }> {
  const pages: number[] = [];
  let messages: RoomMessage[] = [];
  let cursor: number | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    pages.push(page.messages.length);
    messages = direction === "back" ? [...page.messages, ...messages] : [...messages, ...page.messages];
    if (!page.hasMore) return { pages, messages };
    cursor = direction === "back" ? page.messages[0]!.seq : page.messages.at(-1)!.seq;
  }
}

describe("who may do what", () => {
  for (const kind of ["private channel", "direct conversation"] as const) {
    it(`keeps an outsider out of a ${kind} entirely`, async ({ people }) => {
      const { alice, bob, carol } = people;
      const room =
        kind === "private channel" ? await channel(alice, "secret", "private", ["bob"]) : await dm(alice, ["bob"]);
      await bob.emitWithAck("room:list", {});
      const message = await post(alice, room.id, "between us");
      const carolSaw = recorder(carol);

      const attempts = {
        list: await carol.emitWithAck("message:list", { roomId: room.id }),
        thread: await carol.emitWithAck("message:list", { roomId: room.id, threadId: message.id }),
        send: await carol.emitWithAck("message:send", { clientId: randomUUID(), roomId: room.id, text: "let me in" }),
        reply: await carol.emitWithAck("message:send", {
          clientId: randomUUID(),
          roomId: room.id,
          text: "let me in",
          threadId: message.id,
        }),
        react: await carol.emitWithAck("message:react", { messageId: message.id, emoji: "👋" }),
        edit: await carol.emitWithAck("message:edit", { messageId: message.id, text: "mine" }),
        delete: await carol.emitWithAck("message:delete", { messageId: message.id }),
      };
      for (const [name, ack] of Object.entries(attempts)) {
        expect([name, ack.ok || ack.error.code]).toEqual([name, "not_found"]);
      }

      // The members go on; nothing of it reaches carol.
      const reply = await post(bob, room.id, "sure", message.id);
      await bob.emitWithAck("message:react", { messageId: message.id, emoji: "👍" });
      await alice.emitWithAck("message:edit", { messageId: message.id, text: "between us two" });
      await bob.emitWithAck("message:delete", { messageId: reply.id });
      const page = await bob.emitWithAck("message:list", { roomId: room.id });
      expect(page.ok && page.data.messages.map((m) => m.id)).toContain(message.id);
      await carol.emitWithAck("presence:list", {});
      expect(carolSaw).toEqual([]);
    });
  }

  it("lets an outsider read a public channel but not post, react, edit or delete in it", async ({ people }) => {
    const { alice, carol } = people;
    const room = await channel(alice, "open", "public");
    const message = await post(alice, room.id, "anyone?");
    const carolSaw = recorder(carol);

    const list = await carol.emitWithAck("message:list", { roomId: room.id });
    expect(list.ok && list.data.messages).toEqual([expect.objectContaining({ event: "created" }), message]);
    for (const ack of [
      await carol.emitWithAck("message:send", { clientId: randomUUID(), roomId: room.id, text: "hi" }),
      await carol.emitWithAck("message:react", { messageId: message.id, emoji: "👋" }),
      await carol.emitWithAck("message:edit", { messageId: message.id, text: "mine" }),
      await carol.emitWithAck("message:delete", { messageId: message.id }),
    ]) {
      expect(ack.ok || ack.error.code).toBe("forbidden");
    }
    await post(alice, room.id, "just me");
    await carol.emitWithAck("presence:list", {});
    expect(carolSaw).toEqual([]);
  });
});
