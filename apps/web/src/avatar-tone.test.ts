import { describe, expect, it } from "vitest";
import { AVATAR_TONES, avatarInitial, avatarTone } from "./avatar-tone.js";

describe("avatars", () => {
  it("give a name the same tone whatever its case", () => {
    expect(avatarTone("Alice")).toBe(avatarTone("alice"));
    for (const name of ["a", "bob", "carol_99", "x.y-z"]) {
      expect(avatarTone(name)).toBeGreaterThanOrEqual(0);
      expect(avatarTone(name)).toBeLessThan(AVATAR_TONES);
    }
  });

  it("use the first letter or digit", () => {
    expect(avatarInitial("alice")).toBe("A");
    expect(avatarInitial("_.bob")).toBe("B");
    expect(avatarInitial("___")).toBe("_");
  });
});
