import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import SQLite from "better-sqlite3";
import type { RoomMessage } from "@parley/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteStore } from "../src/store/sqlite/sqlite-store.js";
import type { NewRoomMessage, Store } from "../src/store/store.js";
import { scratchDir } from "./harness.js";

function userMessage(text: string, more: Partial<Extract<NewRoomMessage, { kind: "user" }>> = {}): NewRoomMessage {
  return {
    kind: "user",
    roomId: "general",
    author: "alice",
    clientId: randomUUID(),
    text,
    threadId: null,
    mentions: [],
    ...more,
  };
}

const texts = (messages: RoomMessage[]) => messages.map((m) => (m.kind === "user" ? m.text : m.event));

async function storedIn(store: Store, roomId: string): Promise<RoomMessage[]> {
  return (await store.listMessages({ roomId, threadId: null, limit: 1000 })).messages;
}

describe("appends under load (issue 6: group commit)", () => {
  const dir = scratchDir();
  let store: Store | undefined;
  const open = async () => (store = await createSqliteStore(`${dir.path}/parley.db`));
  afterEach(async () => {
    await store?.close();
    store = undefined;
    dir.cleanup();
  });

  // "Concurrent": made in one go, none awaited before the next, as on a busy server.
  it("answers 200 concurrent appends with consecutive sequence numbers in call order, and stores them all", async () => {
    const store = await open();
    const alice = await store.createAccount("alice", "not a real hash");
    const channel = await store.createChannel({ name: "random", topic: "", visibility: "public", ownerId: alice!.id });
    const randomId = channel!.id;
    const sent = Array.from({ length: 200 }, (_, i) =>
      userMessage(`m${i}`, { roomId: i % 2 === 0 ? "general" : randomId }),
    );

    const answers = await Promise.all(sent.map((message) => store.appendRoomMessage(message)));

    // Each caller is answered with its own message.
    expect(texts(answers)).toEqual(sent.map((m) => (m.kind === "user" ? m.text : m.event)));
    const general = answers.filter((m) => m.roomId === "general");
    const random = answers.filter((m) => m.roomId === randomId);
    expect(general.map((m) => m.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(random.map((m) => m.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(await storedIn(store, "general")).toEqual(general);
    expect(await storedIn(store, randomId)).toEqual(random);
  });

  it("counts concurrent replies on their parent", async () => {
    const store = await open();
    const parent = await store.appendRoomMessage(userMessage("question"));

    await Promise.all(
      Array.from({ length: 5 }, (_, i) => store.appendRoomMessage(userMessage(`answer ${i}`, { threadId: parent.id }))),
    );

    expect(await store.findMessage(parent.id)).toMatchObject({ replyCount: 5 });
    const thread = await store.listMessages({ roomId: "general", threadId: parent.id, limit: 10 });
    expect(texts(thread.messages)).toEqual(["answer 0", "answer 1", "answer 2", "answer 3", "answer 4"]);
  });

  it("refuses only the second of two appends with one clientId, storing the rest", async () => {
    const store = await open();
    const parent = await store.appendRoomMessage(userMessage("question"));
    const clientId = randomUUID();

    const outcomes = await Promise.allSettled([
      store.appendRoomMessage(userMessage("first", { clientId, threadId: parent.id })),
      store.appendRoomMessage(userMessage("other")),
      store.appendRoomMessage(userMessage("second", { clientId, threadId: parent.id })),
      store.appendRoomMessage(userMessage("from bob", { clientId, author: "bob" })),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect(outcomes[2]).toMatchObject({ reason: { name: "ClientIdTaken" } });
    expect(await store.findByClientId("alice", clientId)).toMatchObject({ text: "first" });
    // The refused reply neither counts on its parent nor takes a sequence number.
    expect(await store.findMessage(parent.id)).toMatchObject({ replyCount: 1 });
    const stored = await storedIn(store, "general");
    expect(texts(stored)).toEqual(["question", "other", "from bob"]);
    expect(stored.map((m) => m.seq)).toEqual([1, 3, 4]);
  });

  it("rejects every append of a batch that failed, and stores none of them", async () => {
    const path = `${dir.path}/parley.db`;
    const store = await open();
    // A statement failing partway through the batch, as a full disk would make it.
    const saboteur = new SQLite(path);
    saboteur.exec(`create trigger sabotage before insert on room_messages when new.body = 'poison'
      begin select raise(abort, 'disk I/O error'); end`);
    saboteur.close();

    const outcomes = await Promise.allSettled(
      ["before", "poison", "after"].map((text) => store.appendRoomMessage(userMessage(text))),
    );

    expect(outcomes).toEqual(
      outcomes.map(() => ({ status: "rejected", reason: expect.objectContaining({ message: "disk I/O error" }) })),
    );
    expect(await storedIn(store, "general")).toEqual([]);
    // The store goes on: the next append is the room's first message.
    expect(await store.appendRoomMessage(userMessage("later"))).toMatchObject({ seq: 1, text: "later" });
  });

  it("commits appends still queued when the store closes", async () => {
    const path = `${dir.path}/parley.db`;
    const closing = await createSqliteStore(path);
    const pending = Array.from({ length: 50 }, (_, i) => closing.appendRoomMessage(userMessage(`m${i}`)));

    await closing.close();

    const answers = await Promise.all(pending);
    await expect(closing.appendRoomMessage(userMessage("too late"))).rejects.toThrow();
    const store = await open();
    expect(await storedIn(store, "general")).toEqual(answers);
  });

  it("answers an append only once the WAL is on disk, and a read that could see it waits too", async () => {
    let release: () => void = () => undefined;
    let syncs = 0;
    const held = new Promise<void>((resolve) => (release = resolve));
    store = await createSqliteStore(`${dir.path}/held.db`, {
      syncFile: () => (++syncs === 1 ? held : Promise.resolve()),
    });
    const answered: string[] = [];
    const append = store.appendRoomMessage(userMessage("kept"));
    void append.then(() => answered.push("append"));
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    const listing = storedIn(store, "general");
    void listing.then(() => answered.push("read"));
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toEqual([]);

    release();
    expect((await append).seq).toBe(1);
    expect(texts(await listing)).toEqual(["kept"]);
  });

  it("copies the WAL into the database file from its own thread, not inside a commit", async () => {
    const path = `${dir.path}/checkpointed.db`;
    store = await createSqliteStore(path, { checkpointEveryMs: 20 });
    const before = statSync(path).size;
    await Promise.all(Array.from({ length: 500 }, (_, i) => store!.appendRoomMessage(userMessage(`message ${i}`))));
    // The main connection never checkpoints: the file grows only when the thread copies the WAL in.
    let grown = false;
    for (let tries = 0; tries < 200 && !grown; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      grown = statSync(path).size > before;
    }
    expect(grown).toBe(true);
    expect(texts(await storedIn(store, "general"))).toHaveLength(500);
  });

  it("starts the WAL over under appends that never pause, instead of growing it without end", async () => {
    const path = `${dir.path}/sustained.db`;
    const catchUp = 256 * 1024;
    store = await createSqliteStore(path, { checkpointEveryMs: 10, walCatchUpBytes: catchUp });
    // Each wave is sent while the last is still being written: commits follow one another with no pause.
    const filler = "x".repeat(1000);
    let wave: Promise<unknown> = Promise.resolve();
    for (let i = 0; i < 80; i++) {
      const next = Promise.all(
        Array.from({ length: 100 }, (_, j) => store!.appendRoomMessage(userMessage(`${i}.${j} ${filler}`))),
      );
      await wave;
      wave = next;
    }
    await wave;
    // 8,000 messages of 1 KB wrote about 9 MB of WAL; a WAL that started over stays near the threshold.
    expect(statSync(`${path}-wal`).size).toBeLessThan(8 * catchUp);
    expect(await storedIn(store, "general")).toHaveLength(1000);
  });
});
