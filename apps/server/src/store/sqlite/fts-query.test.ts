import { describe, expect, it } from "vitest";
import { matchExpression } from "./fts-query.js";

describe("matchExpression", () => {
  it("quotes every word as a phrase, the last one as a prefix", () => {
    expect(matchExpression("  hello   wor ")).toBe('"hello" "wor"*');
  });

  it("doubles quotes and leaves operators as plain words", () => {
    expect(matchExpression('say "AND" NEAR(x')).toBe('"say" """AND""" "NEAR(x"*');
  });

  it("splits words at control characters, which SQLite would cut a query at", () => {
    expect(matchExpression("a\u0000b")).toBe('"a" "b"*');
  });

  it("drops words with nothing to match, and gives up when none is left", () => {
    expect(matchExpression('deploy - * "')).toBe('"deploy"*');
    expect(matchExpression('- * " ( ^')).toBeNull();
  });
});
