import type { RoomId, RoomMessage } from "@parley/protocol";
import { beforeEach, describe, expect, it } from "vitest";
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

const turnEnds = () => new Promise((resolve) => setImmediate(resolve));

describe("MessageBatch", () => {
  let sent: [RoomId, number[]][];
  let batch: MessageBatch;

  beforeEach(() => {
    sent = [];
    batch = new MessageBatch((roomId, messages) => sent.push([roomId, messages.map((m) => m.seq)]));
  });

  it("sends what one turn stored as one broadcast per room, oldest first", async () => {
    batch.add(joined("general", 2));
    batch.add(joined("random", 7));
    batch.add(joined("general", 1));
    batch.add(joined("general", 3));
    expect(sent).toEqual([]);
    await turnEnds();
    expect(sent).toEqual([
      ["general", [1, 2, 3]],
      ["random", [7]],
    ]);
  });

  it("waits for no timer: the batch goes before anything the next turn does", async () => {
    batch.add(joined("general", 1));
    await Promise.resolve();
    await Promise.resolve();
    expect(sent).toEqual([["general", [1]]]);
  });

  it("starts afresh after each broadcast", async () => {
    batch.add(joined("general", 1));
    await turnEnds();
    batch.add(joined("general", 2));
    await turnEnds();
    expect(sent).toEqual([
      ["general", [1]],
      ["general", [2]],
    ]);
  });
});
