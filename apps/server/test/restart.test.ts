import { randomUUID } from "node:crypto";
import type { TokenGrant } from "@parley/protocol";
import { afterEach, expect, it } from "vitest";
import { PASSWORD, history, joinGeneral, scratchDir, startServer } from "./harness.js";

const dir = scratchDir();
afterEach(() => dir.cleanup());

it("keeps history, rooms and read markers across a restart on the same database file", async () => {
  const databasePath = `${dir.path}/parley.db`;
  const first = await startServer(databasePath);
  const alice = await joinGeneral(first, "alice");
  const sent = await alice.emitWithAck("message:send", {
    clientId: randomUUID(),
    roomId: "general",
    text: "remember me",
  });
  const created = await alice.emitWithAck("room:create", { name: "plans", visibility: "private" });
  await first.close();

  const second = await startServer(databasePath);
  try {
    const bob = await joinGeneral(second, "bob");
    const messages = await history(bob);
    expect(sent.ok).toBe(true);
    if (!sent.ok || !created.ok) return;
    // A restart is not a departure: no "left", and the sequence goes on where it stopped.
    const described = messages.map((m) => (m.kind === "user" ? m.text : `${m.user} ${m.event}`));
    expect(described).toEqual(["alice joined", "remember me", "bob joined"]);
    expect(messages[1]).toEqual(sent.data);
    const next = await bob.emitWithAck("message:send", {
      clientId: randomUUID(),
      roomId: "general",
      text: "hello again",
    });
    expect(next.ok && next.data.seq).toBe(sent.data.seq + 2);

    // The harness signs people up once per server; alice's account is already in the file.
    const grant = await second.api("POST", "/api/tokens", { username: "alice", password: PASSWORD });
    const aliceAgain = await joinGeneral(second, "alice", (grant.body as TokenGrant).token);
    const rooms = await aliceAgain.emitWithAck("room:list", {});
    expect(rooms.ok && rooms.data.rooms.map((room) => room.name)).toEqual(["general", "plans"]);
    expect(rooms.ok && rooms.data.rooms[0]?.read).toEqual({
      roomId: "general",
      lastReadSeq: 0,
      unread: 1,
      mentions: 0,
    });
  } finally {
    await second.close();
  }
});
