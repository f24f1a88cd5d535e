import { describe, expect, it, onTestFinished, vi } from "vitest";
import { ROOM, closeAll, connect, serverHistory, signUp, uniqueNames, whenOnline } from "./support/chatters.js";
import { createServerProcess } from "./support/server-process.js";
import { FAULT_TEST_TIMEOUT_MS } from "./support/settings.js";

describe("a client that sends faster than the rate limits allow", { timeout: FAULT_TEST_TIMEOUT_MS }, () => {
  it("has 60 sends, made as fast as the SDK takes them, stored once and in order, never cut off", async () => {
    // The production build with its default limits: what a person meets.
    const server = await createServerProcess();
    onTestFinished(() => server.dispose());
    await server.start();
    const [account] = await signUp(server.url, uniqueNames("fast", 1));
    if (!account) throw new Error("no account");
    const chatter = connect(account, server.url);
    onTestFinished(() => closeAll([chatter]));
    await whenOnline(chatter);
    const { client } = chatter;
    const disconnects: string[] = [];
    client.socket.on("disconnect", (reason) => disconnects.push(reason));
    const failed = new Set<string>();
    // As the web app does: the open room is marked read whenever something new arrives in it.
    client.subscribe(() => {
      const { rooms, outbox } = client.getSnapshot();
      for (const entry of outbox) if (entry.state === "failed") failed.add(entry.text);
      const room = rooms[ROOM];
      if (room && room.read.lastReadSeq < room.lastSeq) void client.markRead(ROOM);
    });

    // Typed and sent as fast as the SDK takes them: a typing notice on the
    // first keystroke, the message on Enter (which stops the notice).
    const texts = Array.from({ length: 60 }, (_, i) => `line ${String(i + 1).padStart(2, "0")}`);
    for (const text of texts) {
      void client.setTyping(ROOM, true);
      expect(client.enqueue(ROOM, text).ok).toBe(true);
    }

    await vi.waitFor(
      () => {
        const { outbox, connection } = client.getSnapshot();
        if (outbox.length > 0)
          throw new Error(`${outbox.length} waiting, ${connection}, closed by: ${disconnects.join(", ")}`);
      },
      { timeout: 45_000, interval: 100 },
    );
    const stored = (await serverHistory(chatter)).flatMap((message) =>
      message.kind === "user" && message.author === account.name ? [message.text] : [],
    );
    expect(stored).toEqual(texts);
    expect(failed).toEqual(new Set());
    expect(disconnects).toEqual([]);
    expect(client.getSnapshot().connection).toBe("online");
  });
});
