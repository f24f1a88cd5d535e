import { describe, expect, it } from "vitest";
import { PresenceRegistry } from "./presence-registry.js";

describe("PresenceRegistry", () => {
  it("counts several sockets of one person as one presence", () => {
    const presence = new PresenceRegistry();
    expect(presence.connect("alice", "tab1")).toBe(true);
    expect(presence.connect("alice", "tab2")).toBe(false);
    expect(presence.online()).toEqual(["alice"]);
    expect(presence.disconnect("alice", "tab1")).toEqual({ roomsLeft: [], wentOffline: false });
    expect(presence.disconnect("alice", "tab2")).toEqual({ roomsLeft: [], wentOffline: true });
    expect(presence.online()).toEqual([]);
  });

  it("finds people whatever the letter case, spelled as they spell themselves", () => {
    const presence = new PresenceRegistry();
    presence.connect("Alice", "tab1");
    expect(presence.find("aLiCe")).toBe("Alice");
    expect(presence.find("bob")).toBeUndefined();
  });

  it("leaves a room only when the person's last socket in it goes", () => {
    const presence = new PresenceRegistry();
    presence.connect("bob", "tab1");
    presence.connect("bob", "tab2");
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
