import type { RoomMessage, UserMessage } from "@parley/protocol";
import { describe, expect, it } from "vitest";
import { buildTimeline } from "./timeline.js";

const day1 = new Date(2025, 10, 21, 18, 0).getTime();
const day2 = new Date(2025, 10, 22, 9, 30).getTime();
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

const user = (seq: number, author: string, text: string, createdAt: number): UserMessage => ({
  kind: "user",
  id: id(seq),
  roomId: "general",
  clientId: null,
  seq,
  createdAt,
  author,
  text,
  threadId: null,
  replyCount: 0,
  editedAt: null,
  deleted: false,
  reactions: [],
  mentions: [],
});

const messages: RoomMessage[] = [
  { kind: "system", id: id(1), roomId: "general", seq: 1, createdAt: day1, event: "joined", user: "alice" },
  user(2, "alice", "hi <b>all</b>", day1 + 1000),
  user(3, "bob", "morning", day2),
  { kind: "system", id: id(4), roomId: "general", seq: 4, createdAt: day2 + 1000, event: "left", user: "bob" },
];

describe("buildTimeline", () => {
  it("turns messages into rows, with a heading before each day", () => {
    const rows = buildTimeline(messages, "alice", day2 + 60_000);
    expect(rows.map((row) => row.type)).toEqual(["day", "system", "message", "day", "message", "system"]);
    expect(rows[0]).toMatchObject({ type: "day", label: "Yesterday" });
    expect(rows[3]).toMatchObject({ type: "day", label: "Today" });
  });

  it("keeps the message as written and marks one's own", () => {
    const rows = buildTimeline(messages, "alice", day2);
    expect(rows[2]).toMatchObject({ type: "message", own: true, message: { text: "hi <b>all</b>" } });
    expect(rows[4]).toMatchObject({ type: "message", own: false });
  });

  it("words system messages", () => {
    const rows = buildTimeline(messages, "alice", day2);
    expect(rows[1]).toMatchObject({ type: "system", text: "alice joined" });
    expect(rows[5]).toMatchObject({ type: "system", text: "bob left" });
  });

  it("words what happened to a channel: created, renamed, its topic set or cleared", () => {
    const at = { roomId: "design", createdAt: day2, user: "alice" } as const;
    const told: RoomMessage[] = [
      { kind: "system", id: id(1), seq: 1, ...at, event: "created", name: "design" },
      { kind: "system", id: id(2), seq: 2, ...at, event: "renamed", from: "design", to: "ux" },
      { kind: "system", id: id(3), seq: 3, ...at, event: "topic_changed", topic: "Users first" },
      { kind: "system", id: id(4), seq: 4, ...at, event: "topic_changed", topic: "" },
    ];
    const rows = buildTimeline(told, "bob", day2).filter((row) => row.type === "system");
    expect(rows.map((row) => row.text)).toEqual([
      "alice created #design",
      "alice renamed the channel from #design to #ux",
      "alice set the topic: “Users first”",
      "alice cleared the topic",
    ]);
  });

  it("puts what is not yet confirmed at the end, pending or failed", () => {
    const pending = {
      clientId: id(99),
      roomId: "general",
      text: "on its way",
      threadId: null,
      createdAt: day2,
      attempts: 1,
      state: "pending" as const,
      error: null,
    };
    const rows = buildTimeline(messages, "alice", day2, [pending]);
    expect(rows.at(-1)).toEqual({ type: "outgoing", key: `outbox:${id(99)}`, entry: pending });
    expect(rows).toHaveLength(buildTimeline(messages, "alice", day2).length + 1);
  });

  it("gives no heading to the day of what is shown above, as a thread's parent", () => {
    const replies = [user(5, "bob", "same day as the parent", day1 + 5000), user(6, "alice", "next morning", day2)];
    const rows = buildTimeline(replies, "alice", day2 + 60_000, [], day1);
    expect(rows.map((row) => row.type)).toEqual(["message", "day", "message"]);
    expect(rows[1]).toMatchObject({ type: "day", label: "Today" });
    // Without it, the first reply gets its day's heading as in a room.
    expect(buildTimeline(replies, "alice", day2 + 60_000)[0]).toMatchObject({ type: "day", label: "Yesterday" });
  });
});
