import { randomUUID } from "node:crypto";
import { describe, expect } from "vitest";
import { itWithPeople, joinGeneral, nextEvents } from "./harness.js";

const it = itWithPeople("alice", "bob", "carol");
const refused = (code: string) => ({ ok: false, error: { code, message: expect.any(String) } });

async function say(socket: Awaited<ReturnType<typeof joinGeneral>>, text: string, roomId = "general") {
  const ack = await socket.emitWithAck("message:send", { clientId: randomUUID(), roomId, text });
  if (!ack.ok) throw new Error(`message:send failed: ${ack.error.message}`);
  return ack.data;
}

describe("unread counts", () => {
  it("count what others wrote since the marker, and the mentions among it", async ({ people }) => {
    const { alice, bob } = people;
    const first = await say(alice, "one");
    await say(alice, "hey @BOB, look");
    await say(bob, "my own words are not news to me");
    const last = await say(alice, "three");
    const deleted = await say(alice, "oops @bob");
    await alice.emitWithAck("message:delete", { messageId: deleted.id });

    const list = await bob.emitWithAck("room:list", {});
    const general = list.ok ? list.data.rooms.find((room) => room.id === "general") : undefined;
    // Bob's marker starts where general was when he signed up: before anything here.
    expect(general?.read).toMatchObject({ roomId: "general", unread: 3, mentions: 1 });
    expect(general?.read.lastReadSeq).toBeLessThan(first.seq);
    expect(general?.lastSeq).toBe(deleted.seq);

    const read = await bob.emitWithAck("room:read", { roomId: "general", seq: last.seq - 1 });
    expect(read).toEqual({ ok: true, data: { roomId: "general", lastReadSeq: last.seq - 1, unread: 1, mentions: 0 } });
  });

  it("start from now for a newcomer: what was said before they came is not unread", async ({ server, people }) => {
    await say(people.alice, "before dave");
    const dave = await joinGeneral(server, "dave");
    const list = await dave.emitWithAck("room:list", {});
    expect(list.ok && list.data.rooms[0]?.read).toMatchObject({ unread: 0, mentions: 0 });
  });
});

describe("room:read", () => {
  it("moves the marker forward only, never past the newest message, on all the user's devices", async ({
    server,
    people,
  }) => {
    const { alice, bob } = people;
    const bobTab2 = await joinGeneral(server, "bob");
    const first = await say(alice, "one");
    const second = await say(alice, "two");

    const synced = nextEvents(bobTab2, "read:updated");
    const read = await bob.emitWithAck("room:read", { roomId: "general", seq: second.seq });
    const state = { roomId: "general", lastReadSeq: second.seq, unread: 0, mentions: 0 };
    expect(read).toEqual({ ok: true, data: state });
    expect(await synced).toEqual([state]);

    expect(await bob.emitWithAck("room:read", { roomId: "general", seq: first.seq })).toEqual({
      ok: true,
      data: state,
    });
    expect(await bob.emitWithAck("room:read", { roomId: "general", seq: 1000 })).toEqual({ ok: true, data: state });
  });

  it("is refused outside the room", async ({ people }) => {
    const { alice, carol } = people;
    const room = await alice.emitWithAck("room:create", { name: "plans", visibility: "private" });
    const open = await alice.emitWithAck("room:create", { name: "design", visibility: "public" });
    if (!room.ok || !open.ok) throw new Error("room:create failed");
    expect(await carol.emitWithAck("room:read", { roomId: room.data.id, seq: 0 })).toEqual(refused("not_found"));
    expect(await carol.emitWithAck("room:read", { roomId: open.data.id, seq: 0 })).toEqual(refused("forbidden"));
    expect(await carol.emitWithAck("room:read", { roomId: "nowhere", seq: 0 })).toEqual(refused("not_found"));
  });
});
