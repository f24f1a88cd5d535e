import { describe, expect } from "vitest";
import { channel, dm, post } from "./conversations.js";
import { itWithPeopleRelaxed, type TestSocket } from "./harness.js";

const it = itWithPeopleRelaxed("alice", "bob", "carol");

async function search(socket: TestSocket, query: string, roomId?: string) {
  const ack = await socket.emitWithAck("message:search", roomId === undefined ? { query } : { query, roomId });
  if (!ack.ok) throw new Error(`message:search failed: ${ack.error.code} ${ack.error.message}`);
  return ack.data.hits;
}

describe("message search", () => {
  it("finds whole words and the prefix of the last one, with the matches marked", async ({ people }) => {
    const { alice, bob } = people;
    const deploy = await post(alice, "general", "The deployment is done, Deploy again tomorrow");
    await post(alice, "general", "nothing to see here");

    const hits = await search(bob, "deploy");
    expect(hits).toEqual([
      {
        message: deploy,
        parts: [
          { text: "The ", match: false },
          { text: "deployment", match: true },
          { text: " is done, ", match: false },
          { text: "Deploy", match: true },
          { text: " again tomorrow", match: false },
        ],
      },
    ]);
    expect((await search(bob, "done depl")).map((hit) => hit.message.id)).toEqual([deploy.id]);
    // Every word must occur.
    expect(await search(bob, "done nothing")).toEqual([]);
    // Only the last word is a prefix.
    expect(await search(bob, "depl done")).toEqual([]);
  });

  it("ranks the better match first and honours the limit", async ({ people }) => {
    const { alice, bob } = people;
    await post(alice, "general", "a coffee among many other words that dilute the match quite a lot");
    const best = await post(alice, "general", "coffee coffee");
    const hits = await search(bob, "coffee");
    expect(hits.map((hit) => hit.message.id)[0]).toBe(best.id);
    const one = await bob.emitWithAck("message:search", { query: "coffee", limit: 1 });
    expect(one.ok && one.data.hits.length).toBe(1);
  });

  it("never returns messages of rooms the user is not in", async ({ people }) => {
    const { alice, bob, carol } = people;
    const secret = await channel(alice, "secret", "private", ["bob"]);
    const conversation = await dm(alice, ["bob"]);
    const open = await channel(alice, "open", "public");
    await post(alice, secret.id, "pineapple plans");
    await post(alice, conversation.id, "pineapple between us");
    await post(alice, open.id, "pineapple for everyone who joins");
    const shared = await post(alice, "general", "pineapple in general");

    expect((await search(bob, "pineapple")).length).toBe(3);
    expect((await search(carol, "pineapple")).map((hit) => hit.message.id)).toEqual([shared.id]);
    // Carol may look into the public channel, but search covers her own rooms.
    expect(await search(carol, "pineapple", open.id)).toEqual([]);
    for (const roomId of [secret.id, conversation.id]) {
      const ack = await carol.emitWithAck("message:search", { query: "pineapple", roomId });
      expect(ack.ok || ack.error.code).toBe("not_found");
    }
    expect((await search(bob, "pineapple", secret.id)).map((hit) => hit.message.roomId)).toEqual([secret.id]);
  });

  it("reads the query as words: quotes, operators and SQL are not interpreted", async ({ people }) => {
    const { alice, bob } = people;
    const quoted = await post(alice, "general", 'she said "AND" then NEAR(this) -minus * star');
    await post(alice, "general", "unrelated text");

    for (const query of ['"', '""', "AND", "OR", "NOT", "*", "NEAR(", "-", "^", ":", "(", ")", "body:", "{body}"]) {
      const ack = await bob.emitWithAck("message:search", { query });
      expect([query, ack.ok]).toEqual([query, true]);
      if (ack.ok) expect(ack.data.hits.every((hit) => hit.message.id === quoted.id)).toBe(true);
    }
    expect((await search(bob, '"AND"')).map((hit) => hit.message.id)).toEqual([quoted.id]);
    expect((await search(bob, "NEAR(this")).map((hit) => hit.message.id)).toEqual([quoted.id]);
    expect((await search(bob, "-minus")).map((hit) => hit.message.id)).toEqual([quoted.id]);
    expect((await search(bob, "said OR unrelated")).map((hit) => hit.message.id)).toEqual([]);
    expect(await search(bob, "'; drop table room_messages; --")).toEqual([]);
    expect(await search(bob, "x' OR 1=1 --")).toEqual([]);

    // Still all there.
    const page = await bob.emitWithAck("message:list", { roomId: "general" });
    expect(page.ok && page.data.messages.some((m) => m.id === quoted.id)).toBe(true);
  });

  it("does not return deleted messages, and finds edited ones by their new text", async ({ people }) => {
    const { alice, bob } = people;
    const gone = await post(alice, "general", "temporary walrus");
    const edited = await post(alice, "general", "first draft");
    await alice.emitWithAck("message:delete", { messageId: gone.id });
    await alice.emitWithAck("message:edit", { messageId: edited.id, text: "final walrus" });

    const hits = await search(bob, "walrus");
    expect(hits.map((hit) => hit.message.id)).toEqual([edited.id]);
    expect(await search(bob, "draft")).toEqual([]);
    expect(await search(bob, "temporary")).toEqual([]);
  });

  it("refuses an empty query", async ({ people }) => {
    const ack = await people.bob.emitWithAck("message:search", { query: "   " });
    expect(ack.ok || ack.error.code).toBe("invalid_payload");
  });
});
