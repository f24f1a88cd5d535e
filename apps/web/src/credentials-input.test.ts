import { describe, expect, it } from "vitest";
import { readCredentials } from "./credentials-input.js";

describe("readCredentials", () => {
  it("accepts a valid name and password, trimming only the name", () => {
    expect(readCredentials("  alice ", " a long passphrase ")).toEqual({
      ok: true,
      data: { username: "alice", password: " a long passphrase " },
    });
  });

  it("refuses a name made of HTML, in the protocol's words", () => {
    const result = readCredentials("<img src=x onerror=alert(1)>", "a long passphrase");
    expect(result).toEqual({
      ok: false,
      error: { code: "invalid_payload", message: "A username is 1 to 32 letters, digits, '_', '.' or '-'" },
    });
  });

  it("says everything that is wrong at once", () => {
    const result = readCredentials("", "short");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message.split("\n")).toEqual([
      "A username is 1 to 32 letters, digits, '_', '.' or '-'",
      "A password has at least 8 characters",
    ]);
  });
});
