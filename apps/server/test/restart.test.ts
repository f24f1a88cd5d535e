import { afterEach, expect, it } from "vitest";
import { joinGeneral, scratchDir, startServer } from "./harness.js";

const dir = scratchDir();
afterEach(() => dir.cleanup());

it("keeps history across a restart on the same database file", async () => {
  const databasePath = `${dir.path}/parley.db`;
  const first = await startServer(databasePath);
  const alice = await joinGeneral(first, "alice");
  const sent = await alice.emitWithAck("message:send", { roomId: "general", text: "remember me" });
  await first.close();

  const second = await startServer(databasePath);
  try {
    const bob = await joinGeneral(second, "bob");
    const history = await bob.emitWithAck("room:join", { roomId: "general" });
    expect(history.ok).toBe(true);
    if (!history.ok || !sent.ok) return;
    expect(history.data.messages).toContainEqual(sent.data);
    // The sequence goes on where it stopped; a restart is not a departure.
    const kinds = history.data.messages.map((m) => (m.kind === "user" ? m.text : m.event));
    expect(kinds).toEqual(["joined", "remember me", "joined"]);
    const next = await bob.emitWithAck("message:send", { roomId: "general", text: "hello again" });
    expect(next.ok && next.data.seq).toBe(sent.data.seq + 2);
  } finally {
    await second.close();
  }
});
