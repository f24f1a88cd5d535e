import type { RoomId, RoomMessage } from "@parley/protocol";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { MessageBatch } from "./message-batch.js";

const joined = (roomId: RoomId, seq: number): RoomMessage => ({
  kind: "system",
  id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
  roomId,
  seq,
  createdAt: 0,
  event: "joined",
  user: `user${seq}`,
});

const GAP_MS = 10;

const turnEnds = () => new Promise((resolve) => setImmediate(resolve));

describe("MessageBatch", () => {
  let sent: [RoomId, number[]][];
  let batch: MessageBatch;

  beforeEach(() => {
    sent = [];
    batch = new MessageBatch((roomId, messages) => sent.push([roomId, messages.map((m) => m.seq)]), GAP_MS);
  });

  it("sends what one turn stored as one broadcast per room, oldest first", async () => {
    void batch.add(joined("general", 2));
    void batch.add(joined("random", 7));
    void batch.add(joined("general", 1));
    void batch.add(joined("general", 3));
    expect(sent).toEqual([]);
    await turnEnds();
    expect(sent).toEqual([
      ["general", [1, 2, 3]],
      ["random", [7]],
    ]);
  });

  it("waits for no timer in a quiet room: the batch goes before anything the next turn does", async () => {
    void batch.add(joined("general", 1));
    await Promise.resolve();
    await Promise.resolve();
    expect(sent).toEqual([["general", [1]]]);
  });

  describe("after a broadcast, for the gap", () => {
    beforeEach(() => {
      vi.useFakeTimers();
      return () => vi.useRealTimers();
    });
    it("holds what the room stores and sends it together when the gap ends", async () => {
      await batch.add(joined("general", 1));
      void batch.add(joined("general", 3));
      void batch.add(joined("general", 2));
      await vi.advanceTimersByTimeAsync(GAP_MS - 1);
      expect(sent).toEqual([["general", [1]]]);
      await vi.advanceTimersByTimeAsync(1);
      expect(sent).toEqual([
        ["general", [1]],
        ["general", [2, 3]],
      ]);
    });

    it("answers add only once the message is broadcast", async () => {
      await batch.add(joined("general", 1));
      let answered = false;
      void batch.add(joined("general", 2)).then(() => (answered = true));
      await vi.advanceTimersByTimeAsync(GAP_MS - 1);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(answered).toBe(true);
    });

    it("holds no other room", async () => {
      await batch.add(joined("general", 1));
      await batch.add(joined("random", 7));
      expect(sent).toEqual([
        ["general", [1]],
        ["random", [7]],
      ]);
    });

    it("is quiet again once a gap passes with nothing stored", async () => {
      await batch.add(joined("general", 1));
      await vi.advanceTimersByTimeAsync(GAP_MS);
      await batch.add(joined("general", 2));
      expect(sent).toEqual([
        ["general", [1]],
        ["general", [2]],
      ]);
    });
  });
});
