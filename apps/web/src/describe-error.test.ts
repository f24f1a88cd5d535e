import { describe, expect, it } from "vitest";
import { describeAuthError, describeRefusal, describeSendError } from "./describe-error.js";

describe("describeAuthError", () => {
  it("does not say whether the name or the password was wrong", () => {
    expect(describeAuthError({ code: "invalid_credentials", message: "Wrong username or password" })).toBe(
      "Wrong username or password",
    );
  });

  it("explains a taken name, a rate limit and an unreachable server in plain words", () => {
    expect(describeAuthError({ code: "username_taken", message: "The name alice is taken" })).toMatch(/taken/);
    expect(describeAuthError({ code: "rate_limited", message: "Too many attempts" })).toMatch(/Too many attempts/);
    expect(describeAuthError({ code: "unreachable", message: "The server could not be reached" })).toMatch(
      /Cannot reach the server/,
    );
  });

  it("passes on what the server found wrong with the input", () => {
    const message = "✖ A password has at least 8 characters\n  → at password";
    expect(describeAuthError({ code: "invalid_payload", message })).toBe(message);
  });
});

describe("describeRefusal", () => {
  it("asks to sign in again when the session is gone", () => {
    expect(describeRefusal({ code: "unauthorized", message: "Sign in first: no valid session" })).toBe(
      "You have been signed out. Sign in again to continue.",
    );
  });

  it("passes on what the server found wrong with the handshake", () => {
    const message = "✖ Invalid input: expected number, received undefined\n  → at protocolVersion";
    expect(describeRefusal({ code: "invalid_handshake", message })).toBe(message);
  });
});

describe("describeSendError", () => {
  it("says why a message was not sent, in the author's terms", () => {
    expect(describeSendError({ code: "rate_limited", message: "Slow down" })).toBe(
      "You are sending too fast. Wait a moment, then send again.",
    );
    expect(describeSendError({ code: "forbidden", message: "Join #design first" })).toBe("Join #design first");
  });
});
