import { randomUUID } from "node:crypto";
import type { TokenGrant } from "@parley/protocol";
import { afterEach, describe, expect, it as plainIt } from "vitest";
import type { Store } from "../src/store/store.js";
import { asUser, recorder } from "./conversations.js";
import {
  PASSWORD,
  history,
  itWithPeople,
  joinGeneral,
  nextEvents,
  openTestStore,
  scratchDir,
  startServer,
} from "./harness.js";

const it = itWithPeople("alice", "bob");

describe("exactly-once sends (issue 5)", () => {
  it("answers a retry with the original message, storing and broadcasting it once", async ({ people }) => {
    const { alice, bob } = people;
    const seen = recorder(bob);
    const send = { clientId: randomUUID(), roomId: "general", text: "once" };

    const first = await alice.emitWithAck("message:send", send);
    const retry = await alice.emitWithAck("message:send", send);

    expect(first.ok && retry.ok).toBe(true);
    if (!first.ok || !retry.ok) return;
    expect(asUser(first.data).clientId).toBe(send.clientId);
    expect(retry.data).toEqual(first.data);
    const stored = (await history(bob)).filter((m) => m.kind === "user");
    expect(stored).toEqual([first.data]);
    // history() was answered after anything broadcast to bob before it.
    expect(seen).toEqual([["message:created", first.data]]);
  });

  it("refuses the same clientId for a different message with conflict", async ({ people }) => {
    const { alice } = people;
    const clientId = randomUUID();
    const first = await alice.emitWithAck("message:send", { clientId, roomId: "general", text: "original" });
    expect(first.ok).toBe(true);

    const otherText = await alice.emitWithAck("message:send", { clientId, roomId: "general", text: "something else" });
    expect(otherText.ok || otherText.error.code).toBe("conflict");
    const elsewhere = await alice.emitWithAck("message:send", {
      clientId,
      roomId: "general",
      text: "original",
      threadId: first.ok ? first.data.id : randomUUID(),
    });
    expect(elsewhere.ok || elsewhere.error.code).toBe("conflict");
    const texts = (await history(alice)).flatMap((m) => (m.kind === "user" ? [m.text] : []));
    expect(texts).toEqual(["original"]);
  });

  it("keeps clientIds per author: the same one from someone else is another message", async ({ people }) => {
    const { alice, bob } = people;
    const clientId = randomUUID();
    const fromAlice = await alice.emitWithAck("message:send", { clientId, roomId: "general", text: "hi" });
    const fromBob = await bob.emitWithAck("message:send", { clientId, roomId: "general", text: "hi" });
    expect(fromAlice.ok && fromBob.ok).toBe(true);
    if (!fromAlice.ok || !fromBob.ok) return;
    expect(fromBob.data.id).not.toBe(fromAlice.data.id);
    expect(asUser(fromBob.data)).toMatchObject({ author: "bob", clientId });
    expect((await history(bob)).filter((m) => m.kind === "user")).toHaveLength(2);
  });

  it("stores concurrent sends of one clientId once, and answers each with that message", async ({ people }) => {
    const { alice, bob } = people;
    const seen = recorder(bob);
    const send = { clientId: randomUUID(), roomId: "general", text: "racing" };

    const answers = await Promise.all(Array.from({ length: 5 }, () => alice.emitWithAck("message:send", send)));

    const ids = answers.map((answer) => (answer.ok ? answer.data.id : answer.error.code));
    expect(new Set(ids).size).toBe(1);
    const stored = (await history(bob)).filter((m) => m.kind === "user");
    expect(stored.map((m) => m.id)).toEqual([ids[0]]);
    expect(seen).toHaveLength(1);
  });

  it("threads a retried reply once: the parent counts one reply", async ({ people }) => {
    const { alice } = people;
    const parent = await alice.emitWithAck("message:send", { clientId: randomUUID(), roomId: "general", text: "q" });
    if (!parent.ok) throw new Error("send failed");
    const reply = { clientId: randomUUID(), roomId: "general", text: "a", threadId: parent.data.id };
    await Promise.all([alice.emitWithAck("message:send", reply), alice.emitWithAck("message:send", reply)]);
    const [stored] = (await history(alice)).filter((m) => m.id === parent.data.id);
    expect(stored).toMatchObject({ replyCount: 1 });
  });
});

describe("the store's unique (author, clientId)", () => {
  plainIt("refuses a second message with the author's clientId, even when nothing looked first", async () => {
    const dir = scratchDir();
    const store = await openTestStore(`${dir.path}/parley.db`);
    try {
      const message = {
        kind: "user" as const,
        roomId: "general",
        author: "alice",
        clientId: randomUUID(),
        text: "hi",
        threadId: null,
        mentions: [],
      };
      const stored = await store.appendRoomMessage(message);
      await expect(store.appendRoomMessage(message)).rejects.toMatchObject({ name: "ClientIdTaken" });
      expect(await store.findByClientId("alice", message.clientId)).toEqual(stored);
      expect(await store.findByClientId("bob", message.clientId)).toBeNull();
      // System messages have no clientId, and any number of them may be stored.
      await store.appendRoomMessage({ kind: "system", roomId: "general", event: "joined", user: "alice" });
      await store.appendRoomMessage({ kind: "system", roomId: "general", event: "joined", user: "alice" });
    } finally {
      await store.close();
      dir.cleanup();
    }
  });
});

describe("across a restart and a shutdown", () => {
  const dir = scratchDir();
  afterEach(() => dir.cleanup());

  plainIt("still recognizes a retry after a restart on the same database file", async () => {
    const databasePath = `${dir.path}/parley.db`;
    const send = { clientId: randomUUID(), roomId: "general", text: "before the restart" };
    const first = await startServer(databasePath);
    const alice = await joinGeneral(first, "alice");
    const original = await alice.emitWithAck("message:send", send);
    await first.close();

    const second = await startServer(databasePath);
    try {
      const grant = await second.api("POST", "/api/tokens", { username: "alice", password: PASSWORD });
      const aliceAgain = await joinGeneral(second, "alice", (grant.body as TokenGrant).token);
      const retry = await aliceAgain.emitWithAck("message:send", send);
      expect(original.ok && retry.ok).toBe(true);
      if (!original.ok || !retry.ok) return;
      expect(retry.data).toEqual(original.data);
      expect((await history(aliceAgain)).filter((m) => m.kind === "user")).toEqual([original.data]);
    } finally {
      await second.close();
    }
  });

  plainIt(
    "on close: tells clients, refuses new requests, and commits and acknowledges the write in flight",
    async () => {
      const databasePath = `${dir.path}/parley.db`;
      const real = await openTestStore(databasePath);
      // A store whose next append waits until the test lets it go.
      let reached!: () => void;
      const appendReached = new Promise<void>((resolve) => (reached = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const held: Store = {
        ...real,
        async appendRoomMessage(message) {
          if (message.kind === "user") {
            reached();
            await released;
          }
          return real.appendRoomMessage(message);
        },
      };
      const server = await startServer(databasePath, undefined, { store: held });
      const alice = await joinGeneral(server, "alice");
      const bob = await joinGeneral(server, "bob");
      const bobClosing = nextEvents(bob, "server:closing");
      const aliceClosing = nextEvents(alice, "server:closing");
      const aliceLeft = new Promise<string>((resolve) => alice.once("disconnect", resolve));

      const inFlight = alice.emitWithAck("message:send", {
        clientId: randomUUID(),
        roomId: "general",
        text: "in flight",
      });
      await appendReached;
      const closed = server.app.close();

      expect(await bobClosing).toEqual([{ reason: "shutdown" }]);
      expect(await aliceClosing).toEqual([{ reason: "shutdown" }]);
      const late = await bob.emitWithAck("message:send", { clientId: randomUUID(), roomId: "general", text: "late" });
      expect(late.ok || late.error.code).toBe("unavailable");

      release();
      const acked = await inFlight;
      expect(acked.ok).toBe(true);
      await closed;
      // A dropped connection, not a Socket.IO disconnect: clients reconnect by themselves.
      expect(await aliceLeft).toBe("transport close");
      await server.close();

      // The acknowledged write is in the file; the refused one and no "left" are.
      const reopened = await openTestStore(databasePath);
      try {
        const { messages } = await reopened.listMessages({ roomId: "general", threadId: null, limit: 50 });
        const described = messages.map((m) => (m.kind === "user" ? m.text : `${m.user} ${m.event}`));
        expect(described).toEqual(["alice joined", "bob joined", "in flight"]);
        if (acked.ok) expect(messages.at(-1)).toEqual(acked.data);
      } finally {
        await reopened.close();
      }
    },
  );
});
