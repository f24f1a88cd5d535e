import { describe, expect, it } from "vitest";
import { HandshakeAuth, USERNAME_MAX_LENGTH, Username } from "./users.js";

describe("Username", () => {
  it.each(["alice", "Bob", "carol_99", "d.e-f", "x".repeat(USERNAME_MAX_LENGTH)])("accepts %s", (name) => {
    expect(Username.safeParse(name).success).toBe(true);
  });

  it.each(["", "has space", "<b>", "émile", "аlice" /* Cyrillic а */, "x".repeat(USERNAME_MAX_LENGTH + 1)])(
    "rejects %j with a message people can act on",
    (name) => {
      const result = Username.safeParse(name);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/username is 1 to 32/);
    },
  );
});

describe("HandshakeAuth", () => {
  const valid = { protocolVersion: 1, username: "alice", deviceKey: "0123456789abcdef0123" };

  it("accepts a complete handshake", () => {
    expect(HandshakeAuth.safeParse(valid).success).toBe(true);
  });

  it.each([
    { ...valid, deviceKey: "short" },
    { ...valid, deviceKey: undefined },
    { ...valid, protocolVersion: "1" },
    { ...valid, username: "not valid" },
    { ...valid, admin: true },
  ])("rejects %j", (auth) => {
    expect(HandshakeAuth.safeParse(auth).success).toBe(false);
  });
});
