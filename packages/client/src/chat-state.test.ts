import type { MessagePage, RoomMessage, RoomSummary, UserMessage } from "@parley/protocol";
import { TYPING_TTL_MS } from "@parley/protocol";
import { describe, expect, it } from "vitest";
import {
  initialChatState,
  nextTypingExpiry,
  presenceOf,
  withConnection,
  withMessageCreated,
  withMessageUpdated,
  withOnlineUsers,
  withPage,
  withPresenceChanges,
  withReadState,
  withRoomAdded,
  withRoomList,
  withRoomRemoved,
  withRoomUpdated,
  withTyping,
  withTypingExpired,
  type ChatState,
} from "./chat-state.js";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

const message = (seq: number, fields: Partial<UserMessage> = {}): UserMessage => ({
  kind: "user",
  id: id(seq),
  roomId: "general",
  seq,
  createdAt: 1_000 + seq,
  author: "alice",
  clientId: null,
  text: `message ${seq}`,
  threadId: null,
  replyCount: 0,
  editedAt: null,
  deleted: false,
  reactions: [],
  mentions: [],
  ...fields,
});

const room = (roomId: string, fields: Partial<RoomSummary> = {}): RoomSummary => ({
  id: roomId,
  kind: "channel",
  name: roomId,
  topic: "",
  visibility: "public",
  ownerId: null,
  memberCount: 2,
  lastSeq: 0,
  dmMembers: [],
  read: { roomId, lastReadSeq: 0, unread: 0, mentions: 0 },
  ...fields,
});

const page = (messages: RoomMessage[], hasMore: boolean, threadId: string | null = null): MessagePage => ({
  roomId: "general",
  threadId,
  messages,
  hasMore,
});

/** bob, in #general and #random, with #general's newest page loaded. */
function bobInGeneral(): ChatState {
  const state = withRoomList(initialChatState("bob"), [room("general"), room("random")]);
  return withPage(state, page([], false), "latest");
}

describe("timelines", () => {
  it("keeps messages in sequence order, once each, whatever order pages and events arrive in", () => {
    let state = bobInGeneral();
    state = withMessageCreated(state, message(5));
    state = withPage(state, page([message(3), message(4), message(5)], true), "latest");
    state = withMessageCreated(state, message(5));
    expect(state.timelines.general?.messages.map((m) => m.seq)).toEqual([3, 4, 5]);
    expect(state.timelines.general?.hasOlder).toBe(false);
  });

  it("pages backwards until the server says there is nothing older", () => {
    let state = withPage(initialChatState("bob"), page([message(3), message(4)], true), "latest");
    expect(state.timelines.general?.hasOlder).toBe(true);
    state = withPage(state, page([message(1), message(2)], false), "before");
    expect(state.timelines.general).toEqual({
      messages: [1, 2, 3, 4].map((seq) => message(seq)),
      hasOlder: false,
      hasNewer: false,
    });
  });

  it("starts again from the newest page when it does not reach what is loaded (a gap)", () => {
    let state = withPage(initialChatState("bob"), page([message(1), message(2)], false), "latest");
    state = withPage(state, page([message(70), message(71)], true), "latest");
    expect(state.timelines.general).toEqual({ messages: [message(70), message(71)], hasOlder: true, hasNewer: false });
  });

  it("replaces an edited, deleted or reacted-to message by id", () => {
    let state = withPage(bobInGeneral(), page([message(1), message(2)], false), "latest");
    const edited = message(1, { text: "fixed", editedAt: 5_000 });
    state = withMessageUpdated(state, edited);
    expect(state.timelines.general?.messages[0]).toEqual(edited);
    // Not loaded: nothing to replace.
    expect(withMessageUpdated(state, message(99))).toBe(state);
  });

  it("files replies under their thread, once the thread is loaded", () => {
    const parent = message(1);
    let state = withPage(bobInGeneral(), page([parent], false), "latest");
    const reply = message(2, { threadId: parent.id });
    expect(withMessageCreated(state, reply).threads).toEqual({});
    state = withPage(state, page([], false, parent.id), "latest");
    state = withMessageCreated(state, reply);
    state = withMessageUpdated(state, { ...parent, replyCount: 1 });
    expect(state.threads[parent.id]?.messages).toEqual([reply]);
    expect(state.timelines.general?.messages).toEqual([{ ...parent, replyCount: 1 }]);
  });
});

describe("a run around a message far back", () => {
  const around = (seqs: number[], hasMore: boolean, hasNewer: boolean): MessagePage => ({
    ...page(
      seqs.map((seq) => message(seq)),
      hasMore,
    ),
    hasNewer,
  });

  it("replaces a run it does not meet, joins one it overlaps, and keeps live messages out until it reaches the end", () => {
    let state = withPage(bobInGeneral(), page([message(100), message(101)], true), "latest");
    state = withRoomUpdated(state, { ...room("general"), lastSeq: 101 });
    state = withPage(state, around([10, 11, 12], true, true), "around");
    expect(state.timelines.general).toEqual({
      messages: [10, 11, 12].map((seq) => message(seq)),
      hasOlder: true,
      hasNewer: true,
    });

    state = withMessageCreated(state, message(102));
    expect(state.timelines.general?.messages.map((m) => m.seq)).toEqual([10, 11, 12]);
    expect(state.rooms.general?.lastSeq).toBe(102);

    state = withPage(state, around([8, 9, 10], false, true), "around");
    expect(state.timelines.general).toMatchObject({ hasOlder: false, hasNewer: true });
    expect(state.timelines.general?.messages.map((m) => m.seq)).toEqual([8, 9, 10, 11, 12]);

    state = withPage(
      state,
      page(
        [13, 14].map((seq) => message(seq)),
        true,
      ),
      "after",
    );
    expect(state.timelines.general?.hasNewer).toBe(true);
    state = withPage(
      state,
      page(
        [15, 102].map((seq) => message(seq)),
        false,
      ),
      "after",
    );
    expect(state.timelines.general?.hasNewer).toBe(false);
    state = withMessageCreated(state, message(103));
    expect(state.timelines.general?.messages.at(-1)?.seq).toBe(103);
  });

  it("is left for the newest page when the reader jumps to the latest", () => {
    let state = withPage(bobInGeneral(), around([10, 11], true, true), "around");
    state = withPage(state, page([message(100), message(101)], true), "latest");
    expect(state.timelines.general).toEqual({
      messages: [message(100), message(101)],
      hasOlder: true,
      hasNewer: false,
    });
  });
});

describe("unread counts", () => {
  it("counts others' new messages and mentions of me, once each, and not my own", () => {
    let state = bobInGeneral();
    state = withMessageCreated(state, message(1));
    state = withMessageCreated(state, message(1));
    state = withMessageCreated(state, message(2, { mentions: ["bob"] }));
    state = withMessageCreated(state, message(3, { author: "bob" }));
    state = withMessageCreated(state, message(4, { roomId: "random" }));
    expect(state.rooms.general?.read).toEqual({ roomId: "general", lastReadSeq: 0, unread: 2, mentions: 1 });
    expect(state.rooms.general?.lastSeq).toBe(3);
    expect(state.rooms.random?.read.unread).toBe(1);
  });

  it("resets on read:updated, and never moves the marker back", () => {
    let state = withMessageCreated(bobInGeneral(), message(1));
    state = withReadState(state, { roomId: "general", lastReadSeq: 1, unread: 0, mentions: 0 });
    expect(state.rooms.general?.read.unread).toBe(0);
    expect(withReadState(state, { roomId: "general", lastReadSeq: 0, unread: 1, mentions: 0 })).toBe(state);
    // Read already: a late broadcast of it is no longer unread.
    expect(withMessageCreated(state, message(1)).rooms.general?.read.unread).toBe(0);
  });
});

describe("rooms", () => {
  it("adds, updates and removes rooms, forgetting what was loaded of a removed one", () => {
    let state = withRoomAdded(bobInGeneral(), room("design", { lastSeq: 4 }));
    state = withRoomUpdated(state, { ...room("design"), topic: "Pixels", lastSeq: 2 });
    expect(state.rooms.design).toMatchObject({ topic: "Pixels", lastSeq: 4 });
    state = withRoomRemoved(state, "general");
    expect(Object.keys(state.rooms)).toEqual(["random", "design"]);
    expect(state.timelines.general).toBeUndefined();
  });

  it("takes room:list as the whole truth", () => {
    const state = withRoomList(bobInGeneral(), [room("random")]);
    expect(Object.keys(state.rooms)).toEqual(["random"]);
    expect(state.timelines).toEqual({});
  });
});

describe("typing", () => {
  it("lists who is typing until they stop, post, or their notice lapses", () => {
    let state = withTyping(bobInGeneral(), { roomId: "general", username: "alice", typing: true }, 0);
    state = withTyping(state, { roomId: "general", username: "carol", typing: true }, 1_000);
    state = withTyping(state, { roomId: "general", username: "bob", typing: true }, 1_000);
    expect(state.typing.general).toEqual(["alice", "carol"]);
    expect(nextTypingExpiry(state)).toBe(TYPING_TTL_MS);
    state = withTypingExpired(state, TYPING_TTL_MS);
    expect(state.typing.general).toEqual(["carol"]);
    state = withMessageCreated(state, message(1, { author: "carol" }));
    expect(state.typing.general).toEqual([]);
    expect(nextTypingExpiry(state)).toBeNull();
  });
});

describe("presence", () => {
  it("tracks who is online and away", () => {
    let state = withOnlineUsers(initialChatState("bob"), { users: ["carol", "bob"], away: [] });
    state = withPresenceChanges(state, [
      { username: "alice", status: "online" },
      { username: "carol", status: "away" },
    ]);
    expect(state.online).toEqual(["alice", "bob", "carol"]);
    expect(presenceOf(state, "carol")).toBe("away");
    state = withPresenceChanges(state, [{ username: "carol", status: "offline" }]);
    expect(presenceOf(state, "carol")).toBe("offline");
    expect(state.away).toEqual([]);
  });

  it("is unknown until the server lists it, and again whenever the connection is down", () => {
    let state = initialChatState("bob");
    expect(presenceOf(state, "carol")).toBe("unknown");
    state = withOnlineUsers(withConnection(state, "online"), { users: ["bob", "carol"], away: [] });
    expect(presenceOf(state, "carol")).toBe("online");
    expect(presenceOf(state, "dave")).toBe("offline");
    state = withConnection(state, "reconnecting");
    expect(presenceOf(state, "carol")).toBe("unknown");
    expect(presenceOf(state, "dave")).toBe("unknown");
    // Connected again, but the server has not said yet: still unknown, not "offline".
    state = withConnection(state, "online");
    expect(presenceOf(state, "carol")).toBe("unknown");
    state = withOnlineUsers(state, { users: ["bob"], away: [] });
    expect(presenceOf(state, "carol")).toBe("offline");
  });

  it("applies a whole batch, the user's own line too, a later line winning", () => {
    let state = withOnlineUsers(initialChatState("bob"), { users: ["bob", "carol", "dave"], away: ["dave"] });
    state = withPresenceChanges(state, [
      { username: "bob", status: "online" },
      { username: "carol", status: "offline" },
      { username: "dave", status: "online" },
      { username: "erin", status: "away" },
      { username: "frank", status: "online" },
      { username: "frank", status: "offline" },
    ]);
    expect(state.online).toEqual(["bob", "dave", "erin"]);
    expect(state.away).toEqual(["erin"]);
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
