import { describe, expect, it } from "vitest";
import { conversationKey, conversationTitle, privatePeers } from "./conversation.js";

describe("conversations", () => {
  it("have distinct keys and titles for rooms and people", () => {
    expect(conversationKey({ type: "room", roomId: "general" })).toBe("room:general");
    expect(conversationKey({ type: "private", peer: "general" })).toBe("private:general");
    expect(conversationTitle({ type: "room", roomId: "general" })).toBe("#general");
    expect(conversationTitle({ type: "private", peer: "bob" })).toBe("@bob");
  });

  it("list private peers by latest activity, a just-opened empty one first", () => {
    const chats = { bob: [{ createdAt: 10 }], carol: [{ createdAt: 30 }], dave: [{ createdAt: 20 }] };
    expect(privatePeers(chats, null)).toEqual(["carol", "dave", "bob"]);
    expect(privatePeers(chats, "erin")).toEqual(["erin", "carol", "dave", "bob"]);
    expect(privatePeers(chats, "bob")).toEqual(["carol", "dave", "bob"]);
  });
});
