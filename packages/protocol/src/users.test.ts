import { describe, expect, it } from "vitest";
import { Credentials, HandshakeAuth, PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH, Username } from "./users.js";

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

describe("Credentials", () => {
  it("accepts a username and a password of 8 to 256 characters", () => {
    expect(Credentials.safeParse({ username: "alice", password: "12345678" }).success).toBe(true);
    expect(Credentials.safeParse({ username: "alice", password: "x".repeat(PASSWORD_MAX_LENGTH) }).success).toBe(true);
  });

  it.each([
    { username: "alice", password: "1234567" },
    { username: "alice", password: "x".repeat(PASSWORD_MAX_LENGTH + 1) },
    { username: "alice" },
    { username: "not valid", password: "12345678" },
    { username: "alice", password: "12345678", isAdmin: true },
    { username: "alice", password: "\ud800".repeat(10) },
  ])("rejects %j", (credentials) => {
    expect(Credentials.safeParse(credentials).success).toBe(false);
  });
});

describe("HandshakeAuth", () => {
  it("accepts a bearer token, or none for a browser whose cookie speaks for it", () => {
    expect(HandshakeAuth.safeParse({ protocolVersion: 1, token: "abc" }).success).toBe(true);
    expect(HandshakeAuth.safeParse({ protocolVersion: 1 }).success).toBe(true);
    // socket.io-client adds these itself when it reconnects with connection state recovery.
    expect(HandshakeAuth.safeParse({ protocolVersion: 1, token: "abc", pid: "p1", offset: "o1" }).success).toBe(true);
  });

  it.each([
    { protocolVersion: "1" },
    { protocolVersion: 1, token: "" },
    { protocolVersion: 1, token: 42 },
    { protocolVersion: 1, token: "x".repeat(513) },
    { protocolVersion: 1, username: "alice" },
  ])("rejects %j", (auth) => {
    expect(HandshakeAuth.safeParse(auth).success).toBe(false);
  });
});
