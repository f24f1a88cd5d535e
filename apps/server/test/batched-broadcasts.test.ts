import { randomUUID } from "node:crypto";
import { fullMessage, type RoomMessage } from "@parley/protocol";
import { afterEach, expect, it } from "vitest";
import type { Store } from "../src/store/store.js";
import { joinGeneral, openTestStore, scratchDir, startServer, type TestServer } from "./harness.js";

/**
 * A store whose appends, once held, all answer at the same moment: as appends
 * sharing a group commit do on a busy server.
 */
function holdingStore(store: Store) {
  let held: PromiseWithResolvers<void> | undefined;
  let waiting = 0;
  const holding: Store = {
    ...store,
    async appendRoomMessage(message) {
      const stored = await store.appendRoomMessage(message);
      if (held) {
        waiting += 1;
        await held.promise;
      }
      return stored;
    },
  };
  return {
    store: holding,
    hold: () => (held = Promise.withResolvers()),
    waiting: () => waiting,
    release: () => held?.resolve(),
  };
}

const dir = scratchDir();
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  dir.cleanup();
});

it("sends the messages stored together in one message:created, oldest first, before their acks", async () => {
  const gate = holdingStore(await openTestStore(`${dir.path}/parley.db`));
  server = await startServer(`${dir.path}/parley.db`, undefined, { store: gate.store });
  const alice = await joinGeneral(server, "alice");
  const bob = await joinGeneral(server, "bob");
  const heardByBob: RoomMessage[][] = [];
  bob.on("message:created", ({ messages }) => heardByBob.push(messages.map(fullMessage)));
  const seenByAlice: string[] = [];
  alice.on("message:created", ({ messages }) => seenByAlice.push(`broadcast of ${messages.length}`));

  gate.hold();
  const texts = ["one", "two", "three", "four", "five"];
  const acks = texts.map(async (text) => {
    const ack = await alice.emitWithAck("message:send", { clientId: randomUUID(), roomId: "general", text });
    seenByAlice.push("ack");
    return ack;
  });
  await expect.poll(gate.waiting).toBe(texts.length);
  gate.release();
  const answers = await Promise.all(acks);

  expect(answers.every((answer) => answer.ok)).toBe(true);
  expect(seenByAlice).toEqual(["broadcast of 5", "ack", "ack", "ack", "ack", "ack"]);
  await expect.poll(() => heardByBob.length).toBe(1);
  const [batch = []] = heardByBob;
  expect(batch.map((m) => m.kind === "user" && m.text)).toEqual(texts);
  expect(batch).toEqual(answers.map((answer) => answer.ok && answer.data));
  const seqs = batch.map((m) => m.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
});

it("sends new messages lean: a field at its default stays off the wire, the rest is there", async () => {
  server = await startServer(`${dir.path}/parley.db`);
  const alice = await joinGeneral(server, "alice");
  const bob = await joinGeneral(server, "bob");
  const onTheWire: Record<string, unknown>[] = [];
  bob.on("message:created", ({ messages }) => onTheWire.push(...messages));

  const root = await alice.emitWithAck("message:send", { clientId: randomUUID(), roomId: "general", text: "hi" });
  if (!root.ok) throw new Error(root.error.message);
  const reply = await alice.emitWithAck("message:send", {
    clientId: randomUUID(),
    roomId: "general",
    text: "hi @bob",
    threadId: root.data.id,
  });
  if (!reply.ok) throw new Error(reply.error.message);

  await expect.poll(() => onTheWire.length).toBe(2);
  const always = ["author", "clientId", "createdAt", "id", "kind", "roomId", "seq", "text"];
  expect(Object.keys(onTheWire[0]!).sort()).toEqual(always);
  expect(Object.keys(onTheWire[1]!).sort()).toEqual([...always, "mentions", "threadId"].sort());
  expect(onTheWire[1]).toMatchObject({ threadId: root.data.id, mentions: ["bob"] });
  expect(onTheWire.map((message) => fullMessage(message as never))).toEqual([root.data, reply.data]);
});
