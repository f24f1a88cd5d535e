import { describe, expect, it } from "vitest";
import { ErrorBody, Session, TokenGrant } from "./auth.js";

const user = { id: "7c9e6679-7425-40de-944b-e07fc1f90ae7", username: "alice" };

describe("the HTTP API's bodies", () => {
  it("parse what the server sends", () => {
    expect(Session.safeParse({ user, expiresAt: 1 }).success).toBe(true);
    expect(TokenGrant.safeParse({ user, expiresAt: 1, token: "t" }).success).toBe(true);
    expect(
      ErrorBody.safeParse({ error: { code: "invalid_credentials", message: "Wrong username or password" } }).success,
    ).toBe(true);
  });

  it("reject what it never sends", () => {
    expect(Session.safeParse({ user: { username: "alice" }, expiresAt: 1 }).success).toBe(false);
    expect(TokenGrant.safeParse({ user, expiresAt: 1 }).success).toBe(false);
    expect(ErrorBody.safeParse({ error: { code: "teapot", message: "no" } }).success).toBe(false);
  });
});
