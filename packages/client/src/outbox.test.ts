import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { err, ok, type Result, type RoomMessage } from "@parley/protocol";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fileOutbox } from "./node.js";
import { memoryOutbox, parseOutbox, randomClientId, retryDelay, type OutboxEntry } from "./outbox.js";
import { createOutboxQueue } from "./outbox-queue.js";

const timeOrdered = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const entry = (n: number): OutboxEntry => ({
  clientId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  roomId: "general",
  text: `message ${n}`,
  threadId: null,
  createdAt: n,
  attempts: 0,
  state: "pending",
  error: null,
});

const stored = (e: OutboxEntry): RoomMessage => ({
  kind: "user",
  id: e.clientId,
  roomId: e.roomId,
  seq: e.createdAt,
  createdAt: e.createdAt,
  author: "bob",
  clientId: e.clientId,
  text: e.text,
  threadId: null,
  replyCount: 0,
  editedAt: null,
  deleted: false,
  reactions: [],
  mentions: [],
});

afterEach(() => {
  vi.useRealTimers();
});

describe("the outbox queue", () => {
  it("retries a send that was not answered with backoff, then takes the ack", async () => {
    vi.useFakeTimers();
    const answers: Result<RoomMessage>[] = [err("timeout", "no answer"), err("rate_limited", "slow down")];
    const deliver = vi.fn((e: OutboxEntry) => Promise.resolve(answers.shift() ?? ok(stored(e))));
    const delivered: RoomMessage[] = [];
    const queue = createOutboxQueue({
      storage: memoryOutbox(),
      deliver,
      connected: () => true,
      onChange: () => {},
      onDelivered: (message) => delivered.push(message),
      random: () => 1,
    });
    const result = queue.add(entry(1));
    await vi.advanceTimersByTimeAsync(0);
    expect(deliver).toHaveBeenCalledTimes(1);
    expect(queue.entries()[0]).toMatchObject({ state: "pending", attempts: 1, error: { code: "timeout" } });
    await vi.advanceTimersByTimeAsync(499);
    expect(deliver).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(deliver).toHaveBeenCalledTimes(2);
    // Doubled: 1 s after the second try.
    await vi.advanceTimersByTimeAsync(999);
    expect(deliver).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toEqual(ok(stored(entry(1))));
    expect(new Set(deliver.mock.calls.map(([e]) => e.clientId))).toEqual(new Set([entry(1).clientId]));
    expect(queue.entries()).toEqual([]);
    expect(delivered).toEqual([stored(entry(1))]);
  });

  it("waits while disconnected, and sends in order when flushed", async () => {
    let online = false;
    const order: string[] = [];
    const queue = createOutboxQueue({
      storage: memoryOutbox([entry(1), entry(2)]),
      deliver: (e) => {
        order.push(e.text);
        return Promise.resolve(ok(stored(e)));
      },
      connected: () => online,
      onChange: () => {},
      onDelivered: () => {},
    });
    const third = queue.add(entry(3));
    expect(order).toEqual([]);
    online = true;
    queue.flush();
    await third;
    expect(order).toEqual(["message 1", "message 2", "message 3"]);
  });

  it("fails a refused message for good, and moves on to the next", async () => {
    const storage = memoryOutbox();
    const queue = createOutboxQueue({
      storage,
      deliver: (e) => Promise.resolve(e.text === "message 1" ? err("conflict", "used") : ok(stored(e))),
      connected: () => true,
      onChange: () => {},
      onDelivered: () => {},
    });
    expect(await queue.add(entry(1))).toEqual(err("conflict", "used"));
    expect(await queue.add(entry(2))).toMatchObject({ ok: true });
    expect(storage.load()).toEqual([
      { ...entry(1), attempts: 1, state: "failed", error: { code: "conflict", message: "used" } },
    ]);
    queue.discard(entry(1).clientId);
    expect(storage.load()).toEqual([]);
  });

  it("is done with an entry when a broadcast confirms it", async () => {
    const queue = createOutboxQueue({
      storage: memoryOutbox(),
      deliver: () => new Promise(() => {}),
      connected: () => true,
      onChange: () => {},
      onDelivered: () => {},
    });
    const result = queue.add(entry(1));
    queue.confirm(stored(entry(1)));
    expect(await result).toEqual(ok(stored(entry(1))));
    expect(queue.entries()).toEqual([]);
  });
});

describe("outbox storage", () => {
  it("keeps only well-formed entries", () => {
    expect(parseOutbox([entry(1), { ...entry(2), text: "" }, { clientId: "x" }, null])).toEqual([entry(1)]);
    expect(parseOutbox({})).toEqual([]);
  });

  it("writes a file that a restarted process reads back", () => {
    const path = join(mkdtempSync(join(tmpdir(), "parley-outbox-")), "outbox.json");
    expect(fileOutbox(path).load()).toEqual([]);
    fileOutbox(path).save([entry(1), entry(2)]);
    expect(fileOutbox(path).load()).toEqual([entry(1), entry(2)]);
  });
});

describe("client ids", () => {
  it("are v7 UUIDs that sort in the order they were made, also where crypto.randomUUID is missing (plain http)", () => {
    // Shadows the prototype's method on this instance, as in an insecure context.
    Object.defineProperty(crypto, "randomUUID", { value: undefined, configurable: true });
    try {
      const ids = Array.from({ length: 200 }, randomClientId);
      for (const id of ids) expect(id).toMatch(timeOrdered);
      expect(new Set(ids).size).toBe(200);
      expect([...ids].sort()).toEqual(ids);
    } finally {
      Reflect.deleteProperty(crypto, "randomUUID");
    }
    expect(typeof crypto.randomUUID).toBe("function");
  });

  it("back off exponentially, with jitter, up to a ceiling", () => {
    expect(retryDelay(1, () => 0)).toBe(250);
    expect(retryDelay(3, () => 1)).toBe(2000);
    expect(retryDelay(50, () => 1)).toBe(30_000);
  });
});
