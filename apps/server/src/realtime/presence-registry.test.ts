import { describe, expect, it } from "vitest";
import { PresenceRegistry } from "./presence-registry.js";

describe("PresenceRegistry", () => {
  it("counts several tabs of one device as one person", () => {
    const presence = new PresenceRegistry();
    expect(presence.connect("alice", "key-a", "tab1")).toEqual({ ok: true, cameOnline: true });
    expect(presence.connect("alice", "key-a", "tab2")).toEqual({ ok: true, cameOnline: false });
    expect(presence.online()).toEqual(["alice"]);
    expect(presence.disconnect("alice", "tab1")).toEqual({ roomsLeft: [], wentOffline: false });
    expect(presence.disconnect("alice", "tab2")).toEqual({ roomsLeft: [], wentOffline: true });
    expect(presence.online()).toEqual([]);
  });

  it("holds a name for its device, whatever the letter case", () => {
    const presence = new PresenceRegistry();
    presence.connect("Alice", "key-a", "tab1");
    expect(presence.isTaken("alice", "key-b")).toBe(true);
    expect(presence.isTaken("alice", "key-a")).toBe(false);
    expect(presence.connect("ALICE", "key-b", "tab9")).toEqual({ ok: false });
    expect(presence.find("aLiCe")).toBe("Alice");
  });

  it("leaves a room only when the person's last tab in it goes", () => {
    const presence = new PresenceRegistry();
    presence.connect("bob", "key-b", "tab1");
    presence.connect("bob", "key-b", "tab2");
    expect(presence.joinRoom("bob", "tab1", "general")).toBe(true);
    expect(presence.joinRoom("bob", "tab2", "general")).toBe(false);
    expect(presence.joinRoom("bob", "tab2", "random")).toBe(true);
    expect(presence.disconnect("bob", "tab2")).toEqual({ roomsLeft: ["random"], wentOffline: false });
    expect(presence.disconnect("bob", "tab1")).toEqual({ roomsLeft: ["general"], wentOffline: true });
  });

  it("ignores sockets it does not know", () => {
    const presence = new PresenceRegistry();
    expect(presence.joinRoom("nobody", "tab", "general")).toBe(false);
    expect(presence.disconnect("nobody", "tab")).toEqual({ roomsLeft: [], wentOffline: false });
  });
});
