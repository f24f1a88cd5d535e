import type { PrivateMessage, RoomMessage } from "@parley/protocol";
import { describe, expect, it } from "vitest";
import {
  initialChatState,
  withConnection,
  withOnlineUsers,
  withPresenceChange,
  withPrivateMessage,
  withRoomMessages,
} from "./chat-state.js";

const message = (seq: number, text = `message ${seq}`): RoomMessage => ({
  kind: "user",
  id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
  roomId: "general",
  seq,
  createdAt: 1_000 + seq,
  author: "alice",
  text,
});

const privateMessage = (id: string, from: string, to: string, createdAt: number): PrivateMessage => ({
  id,
  from,
  to,
  text: "psst",
  createdAt,
});

describe("room messages", () => {
  it("keeps them in sequence order whatever order they arrive in", () => {
    const state = withRoomMessages(initialChatState("bob"), "general", [message(3), message(1), message(2)]);
    expect(state.rooms.general?.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it("applies each sequence number once, so history and live events may overlap", () => {
    let state = withRoomMessages(initialChatState("bob"), "general", [message(1), message(2)]);
    state = withRoomMessages(state, "general", [message(2), message(3)]);
    state = withRoomMessages(state, "general", [message(3)]);
    expect(state.rooms.general?.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it("returns the same state when nothing is new, so subscribers are not woken", () => {
    const state = withRoomMessages(initialChatState("bob"), "general", [message(1)]);
    expect(withRoomMessages(state, "general", [message(1)])).toBe(state);
  });

  it("records a joined room even when its history is empty", () => {
    expect(withRoomMessages(initialChatState("bob"), "general", []).rooms).toEqual({ general: [] });
  });
});

describe("private messages", () => {
  it("files each conversation under the other person, in time order, once", () => {
    let state = initialChatState("bob");
    state = withPrivateMessage(state, privateMessage("b", "bob", "alice", 20));
    state = withPrivateMessage(state, privateMessage("a", "alice", "bob", 10));
    state = withPrivateMessage(state, privateMessage("a", "alice", "bob", 10));
    state = withPrivateMessage(state, privateMessage("c", "carol", "bob", 30));
    expect(state.privateChats.alice?.map((m) => m.id)).toEqual(["a", "b"]);
    expect(state.privateChats.carol?.map((m) => m.id)).toEqual(["c"]);
  });
});

describe("presence", () => {
  it("tracks who is online, sorted and without duplicates", () => {
    let state = withOnlineUsers(initialChatState("bob"), ["carol", "bob"]);
    state = withPresenceChange(state, { username: "alice", status: "online" });
    state = withPresenceChange(state, { username: "alice", status: "online" });
    expect(state.online).toEqual(["alice", "bob", "carol"]);
    state = withPresenceChange(state, { username: "carol", status: "offline" });
    expect(state.online).toEqual(["alice", "bob"]);
  });
});

describe("connection", () => {
  it("keeps the state object when nothing changes", () => {
    const state = withConnection(initialChatState("bob"), "online");
    expect(withConnection(state, "online")).toBe(state);
    expect(withConnection(state, "rejected", { code: "unauthorized", message: "Sign in first" })).toMatchObject({
      connection: "rejected",
      rejection: { code: "unauthorized" },
    });
  });
});
