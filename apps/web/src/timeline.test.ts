import type { PrivateMessage, RoomMessage } from "@parley/protocol";
import { describe, expect, it } from "vitest";
import { describeSystemMessage, privateTimeline, roomTimeline } from "./timeline.js";

const day1 = new Date(2025, 10, 21, 18, 0).getTime();
const day2 = new Date(2025, 10, 22, 9, 30).getTime();
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

const roomMessages: RoomMessage[] = [
  { kind: "system", id: id(1), roomId: "general", seq: 1, createdAt: day1, event: "joined", user: "alice" },
  {
    kind: "user",
    id: id(2),
    roomId: "general",
    seq: 2,
    createdAt: day1 + 1000,
    author: "alice",
    text: "hi <b>all</b>",
  },
  { kind: "user", id: id(3), roomId: "general", seq: 3, createdAt: day2, author: "bob", text: "morning" },
  { kind: "system", id: id(4), roomId: "general", seq: 4, createdAt: day2 + 1000, event: "left", user: "bob" },
];

describe("roomTimeline", () => {
  it("turns messages into rows, with a heading before each day", () => {
    const rows = roomTimeline(roomMessages, "alice", day2 + 60_000);
    expect(rows.map((row) => row.type)).toEqual(["day", "system", "message", "day", "message", "system"]);
    expect(rows[0]).toMatchObject({ type: "day", label: "Yesterday" });
    expect(rows[3]).toMatchObject({ type: "day", label: "Today" });
  });

  it("keeps the text exactly as written and marks one's own messages", () => {
    const rows = roomTimeline(roomMessages, "alice", day2);
    expect(rows[2]).toMatchObject({ kind: "user", author: "alice", text: "hi <b>all</b>", own: true });
    expect(rows[4]).toMatchObject({ kind: "user", author: "bob", own: false });
  });

  it("words system messages", () => {
    const rows = roomTimeline(roomMessages, "alice", day2);
    expect(rows[1]).toMatchObject({ type: "system", text: "alice joined" });
    expect(rows[5]).toMatchObject({ type: "system", text: "bob left" });
  });

  it("is empty for no messages", () => {
    expect(roomTimeline([], "alice", day2)).toEqual([]);
  });
});

describe("privateTimeline", () => {
  it("shows the sender as the author", () => {
    const messages: PrivateMessage[] = [
      { id: id(5), from: "bob", to: "alice", text: "psst", createdAt: day2 },
      { id: id(6), from: "alice", to: "bob", text: "yes?", createdAt: day2 + 1 },
    ];
    const rows = privateTimeline(messages, "alice", day2);
    expect(rows.slice(1)).toMatchObject([
      { kind: "private", author: "bob", own: false },
      { kind: "private", author: "alice", own: true },
    ]);
  });
});

describe("describeSystemMessage", () => {
  it("names the user and what they did", () => {
    expect(describeSystemMessage({ event: "joined", user: "carol" })).toBe("carol joined");
    expect(describeSystemMessage({ event: "left", user: "carol" })).toBe("carol left");
  });
});
