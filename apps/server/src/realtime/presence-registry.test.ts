import { describe, expect, it } from "vitest";
import { PresenceRegistry } from "./presence-registry.js";

describe("PresenceRegistry", () => {
  it("counts several sockets of one person as one presence", () => {
    const presence = new PresenceRegistry();
    expect(presence.connect("alice", "tab1")).toBe(true);
    expect(presence.connect("alice", "tab2")).toBe(false);
    expect(presence.online()).toEqual(["alice"]);
    expect(presence.disconnect("alice", "tab1")).toBe(false);
    expect(presence.disconnect("alice", "tab2")).toBe(true);
    expect(presence.online()).toEqual([]);
  });

  it("finds people whatever the letter case, spelled as they spell themselves", () => {
    const presence = new PresenceRegistry();
    presence.connect("Alice", "tab1");
    expect(presence.find("aLiCe")).toBe("Alice");
    expect(presence.find("bob")).toBeUndefined();
  });

  it("keeps a person away until they are back or gone", () => {
    const presence = new PresenceRegistry();
    presence.connect("bob", "tab1");
    presence.connect("carol", "tab1");
    expect(presence.setStatus("bob", "away")).toBe(true);
    expect(presence.setStatus("BOB", "away")).toBe(false);
    expect(presence.away()).toEqual(["bob"]);
    expect(presence.online()).toEqual(["bob", "carol"]);
    expect(presence.setStatus("bob", "online")).toBe(true);
    expect(presence.away()).toEqual([]);

    presence.setStatus("bob", "away");
    presence.disconnect("bob", "tab1");
    // A new first socket is a fresh start.
    presence.connect("bob", "tab2");
    expect(presence.away()).toEqual([]);
  });

  it("ignores sockets and people it does not know", () => {
    const presence = new PresenceRegistry();
    expect(presence.disconnect("nobody", "tab")).toBe(false);
    expect(presence.setStatus("nobody", "away")).toBe(false);
    presence.connect("alice", "tab1");
    expect(presence.disconnect("alice", "other")).toBe(false);
    expect(presence.online()).toEqual(["alice"]);
  });
});
