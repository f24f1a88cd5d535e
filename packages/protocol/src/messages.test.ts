import { describe, expect, it } from "vitest";
import { fullMessage, leanMessage, RoomMessage, type SystemMessage, type UserMessage } from "./messages.js";

const fresh: UserMessage = {
  kind: "user",
  id: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  roomId: "general",
  seq: 7,
  createdAt: 1_763_800_000_000,
  author: "alice",
  clientId: "1b4e28ba-2fa1-41d2-883f-0016d3cca427",
  text: "hi",
  threadId: null,
  replyCount: 0,
  editedAt: null,
  deleted: false,
  reactions: [],
  mentions: [],
};
const { threadId, replyCount, editedAt, deleted, reactions, mentions, ...always } = fresh;

describe("leanMessage and fullMessage", () => {
  it("leave out every field at its default, and put it back", () => {
    expect(leanMessage(fresh)).toStrictEqual(always);
    expect(fullMessage(always)).toStrictEqual(fresh);
    expect([threadId, replyCount, editedAt, deleted, reactions, mentions]).toEqual([null, 0, null, false, [], []]);
  });

  it("keep every field that is not at its default", () => {
    const busy: UserMessage = {
      ...fresh,
      threadId: "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
      replyCount: 2,
      editedAt: fresh.createdAt + 1,
      deleted: true,
      reactions: [{ emoji: "👍", users: ["bob"] }],
      mentions: ["bob"],
    };
    expect(leanMessage(busy)).toStrictEqual(busy);
    expect(fullMessage(leanMessage(busy))).toStrictEqual(busy);
  });

  it("leave a system message as it is", () => {
    const { id, roomId, seq, createdAt } = fresh;
    const joined: SystemMessage = { kind: "system", id, roomId, seq, createdAt, event: "joined", user: "bob" };
    expect(leanMessage(joined)).toBe(joined);
    expect(fullMessage(joined)).toBe(joined);
  });

  it("give each whole message arrays of its own", () => {
    const a = fullMessage(always);
    const b = fullMessage(always);
    expect(a.kind === "user" && b.kind === "user" && a.reactions !== b.reactions).toBe(true);
    expect(RoomMessage.parse(a)).toEqual(fresh);
  });
});

describe("system messages", () => {
  const { id, roomId, seq, createdAt } = fresh;
  const base = { kind: "system", id, roomId, seq, createdAt, user: "alice" } as const;

  it("carry the facts of each event", () => {
    const told: SystemMessage[] = [
      { ...base, event: "joined" },
      { ...base, event: "created", name: "design" },
      { ...base, event: "renamed", from: "design", to: "ux" },
      { ...base, event: "topic_changed", topic: "" },
    ];
    for (const message of told) expect(RoomMessage.parse(message)).toEqual(message);
  });

  it("are refused without their facts, or with an event no one knows", () => {
    expect(RoomMessage.safeParse({ ...base, event: "renamed", to: "ux" }).success).toBe(false);
    expect(RoomMessage.safeParse({ ...base, event: "created" }).success).toBe(false);
    expect(RoomMessage.safeParse({ ...base, event: "exploded" }).success).toBe(false);
  });
});
