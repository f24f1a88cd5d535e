import { describe, expect, it } from "vitest";
import type { User } from "@parley/protocol";
import type { Store } from "../../src/store/store.js";
import { ENGINES, createChannel, say, scratchStore, signUp } from "./store-fixture.js";

/** The texts of the hits, in the order found. */
async function found(store: Store, user: User, query: string, roomId?: string, limit = 20): Promise<string[]> {
  return (await store.search(user.id, query, roomId, limit)).map((hit) => hit.message.text);
}

describe.each(ENGINES)("search on %s", (engine) => {
  it("finds messages holding every word, the last one as a prefix, in any letter case", async () => {
    const { store } = await scratchStore(engine);
    const [alice] = await signUp(store, "alice");
    for (const text of ["Deploy the server", "the deployment failed", "server room", "nothing here"])
      await say(store, "general", alice, text);

    expect((await found(store, alice, "deploy")).sort()).toEqual(["Deploy the server", "the deployment failed"]);
    expect(await found(store, alice, "SERVER dep")).toEqual(["Deploy the server"]);
    expect(await found(store, alice, "deploy server")).toEqual(["Deploy the server"]);
    // Only the last word may be unfinished.
    expect(await found(store, alice, "dep server")).toEqual([]);
    expect(await found(store, alice, "missing")).toEqual([]);
  });

  it("answers each hit with its message and its text cut into parts, the matches marked", async () => {
    const { store } = await scratchStore(engine);
    const [alice, bob] = await signUp(store, "alice", "bob");
    const message = await say(store, "general", alice, "Lunch at noon? lunch, LUNCH!", { mentions: [] });
    await store.toggleReaction(message.id, bob.id, "🍕");

    const hits = await store.search(bob.id, "lunch", undefined, 20);

    expect(hits).toEqual([
      {
        message: { ...message, reactions: [{ emoji: "🍕", users: ["bob"] }] },
        parts: [
          { text: "Lunch", match: true },
          { text: " at noon? ", match: false },
          { text: "lunch", match: true },
          { text: ", ", match: false },
          { text: "LUNCH", match: true },
          { text: "!", match: false },
        ],
      },
    ]);
  });

  it("marks a prefix match as the whole word, and keeps spacing and newlines as stored", async () => {
    const { store } = await scratchStore(engine);
    const [alice] = await signUp(store, "alice");
    await say(store, "general", alice, "  the  release\nis out\t(released) ");

    const [hit] = await store.search(alice.id, "relea", undefined, 20);

    expect(hit?.parts).toEqual([
      { text: "  the  ", match: false },
      { text: "release", match: true },
      { text: "\nis out\t(", match: false },
      { text: "released", match: true },
      { text: ") ", match: false },
    ]);
  });

  it("searches only the rooms the user belongs to, or the one asked for", async () => {
    const { store } = await scratchStore(engine);
    const [alice, bob] = await signUp(store, "alice", "bob");
    const secret = await createChannel(store, alice, "secret", { visibility: "private" });
    const open = await createChannel(store, alice, "open");
    await say(store, "general", alice, "plans in general");
    await say(store, secret.id, alice, "plans in secret");
    await say(store, open.id, alice, "plans in open");

    expect((await found(store, alice, "plans")).sort()).toEqual([
      "plans in general",
      "plans in open",
      "plans in secret",
    ]);
    // Bob is in general only: a public channel he has not joined is not searched either.
    expect(await found(store, bob, "plans")).toEqual(["plans in general"]);
    expect(await found(store, alice, "plans", secret.id)).toEqual(["plans in secret"]);
    expect(await found(store, bob, "plans", secret.id)).toEqual([]);

    await store.addMembers(secret.id, [bob.id]);
    expect(await found(store, bob, "plans", secret.id)).toEqual(["plans in secret"]);
    await store.removeMember(secret.id, bob.id);
    expect(await found(store, bob, "plans", secret.id)).toEqual([]);
  });

  it("finds an edited message by its new text only, a deleted one not at all, and no system message", async () => {
    const { store } = await scratchStore(engine);
    const [alice] = await signUp(store, "alice");
    const edited = await say(store, "general", alice, "original wording");
    const deleted = await say(store, "general", alice, "regrettable wording");
    await store.appendRoomMessage({ kind: "system", roomId: "general", user: "alice", event: "joined" });
    await store.appendRoomMessage({
      kind: "system",
      roomId: "general",
      user: "alice",
      event: "topic_changed",
      topic: "wording",
    });

    await store.editMessage(edited.id, "revised wording", []);
    await store.deleteMessage(deleted.id);

    expect(await found(store, alice, "wording")).toEqual(["revised wording"]);
    expect(await found(store, alice, "original")).toEqual([]);
    expect(await found(store, alice, "regrettable")).toEqual([]);
    expect(await found(store, alice, "joined")).toEqual([]);
    expect(await found(store, alice, "topic_changed")).toEqual([]);
  });

  it("answers at most `limit` hits", async () => {
    const { store } = await scratchStore(engine);
    const [alice] = await signUp(store, "alice");
    for (let i = 0; i < 8; i++) await say(store, "general", alice, `note ${i}`);

    expect(await found(store, alice, "note", undefined, 5)).toHaveLength(5);
    expect(await found(store, alice, "note", undefined, 50)).toHaveLength(8);
  });

  it("reads odd input as words, never as a query language, and never fails on it", async () => {
    const { store } = await scratchStore(engine);
    const [alice] = await signUp(store, "alice");
    await say(store, "general", alice, `she said "hello" and OR NOT near it's fine`);
    await say(store, "general", alice, "'); drop table room_messages; --");

    const odd = [
      `"hello`,
      `hello"`,
      `"`,
      `'`,
      `it's`,
      `OR`,
      `NOT hello`,
      `hello AND`,
      `near(hello)`,
      `hel*`,
      `body:hello`,
      `^hello`,
      `-hello`,
      `hello | said`,
      `hello & said`,
      `hello:*`,
      `!hello`,
      `(`,
      `\\`,
      `%`,
      `_`,
      `'); drop table room_messages; --`,
      `' or 1=1 --`,
      `\u0001hello\u0002`,
      `   `,
      ``,
      `...`,
    ];
    for (const query of odd) await expect(found(store, alice, query), query).resolves.toBeInstanceOf(Array);

    expect(await found(store, alice, `"hello"`)).toEqual([`she said "hello" and OR NOT near it's fine`]);
    expect(await found(store, alice, `OR NOT`)).toEqual([`she said "hello" and OR NOT near it's fine`]);
    expect(await found(store, alice, `drop table`)).toEqual(["'); drop table room_messages; --"]);
    expect(await found(store, alice, `   `)).toEqual([]);
    expect(await found(store, alice, `...`)).toEqual([]);
    // The table is still there.
    expect(await found(store, alice, "said")).toHaveLength(1);
  });

  it("takes huge input: a query of many words, and one enormous word", async () => {
    const { store } = await scratchStore(engine);
    const [alice] = await signUp(store, "alice");
    await say(store, "general", alice, "word ".repeat(100).trim());
    await say(store, "general", alice, "y".repeat(4000));

    expect(await found(store, alice, "word ".repeat(2000))).toEqual(["word ".repeat(100).trim()]);
    expect(await found(store, alice, "x".repeat(100_000))).toEqual([]);
    await expect(found(store, alice, "y".repeat(4000))).resolves.toBeInstanceOf(Array);
  });
});
