import type { PrivateMessage, RoomMessage } from "@parley/protocol";
import { describe, expect, it } from "vitest";
import { countUnread, newestAt } from "./unread.js";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

const room: RoomMessage[] = [
  { kind: "user", id: id(1), roomId: "general", seq: 1, createdAt: 100, author: "bob", text: "old" },
  { kind: "system", id: id(2), roomId: "general", seq: 2, createdAt: 200, event: "joined", user: "carol" },
  { kind: "user", id: id(3), roomId: "general", seq: 3, createdAt: 300, author: "alice", text: "mine" },
  { kind: "user", id: id(4), roomId: "general", seq: 4, createdAt: 400, author: "bob", text: "new" },
];

describe("countUnread", () => {
  it("counts what others wrote after the last read, not announcements or one's own", () => {
    expect(countUnread(room, "alice", 0)).toBe(2);
    expect(countUnread(room, "alice", 100)).toBe(1);
    expect(countUnread(room, "alice", newestAt(room))).toBe(0);
  });

  it("counts private messages from the other person", () => {
    const chat: PrivateMessage[] = [
      { id: id(5), from: "bob", to: "alice", text: "psst", createdAt: 10 },
      { id: id(6), from: "alice", to: "bob", text: "yes?", createdAt: 20 },
    ];
    expect(countUnread(chat, "alice", 0)).toBe(1);
    expect(newestAt(chat)).toBe(20);
  });
});
