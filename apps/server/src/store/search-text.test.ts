import { describe, expect, it } from "vitest";
import { highlightParts, MATCH_END, MATCH_START, queryWords } from "./search-text.js";

describe("queryWords", () => {
  it("splits at spaces and control characters and drops words with nothing to match", () => {
    expect(queryWords("  hello\u0000wor  - * ")).toEqual(["hello", "wor"]);
  });
});

describe("highlightParts", () => {
  it("cuts the marked text into parts", () => {
    const marked = `a ${MATCH_START}b${MATCH_END} c ${MATCH_START}d${MATCH_END}`;
    expect(highlightParts(marked, "a b c d")).toEqual([
      { text: "a ", match: false },
      { text: "b", match: true },
      { text: " c ", match: false },
      { text: "d", match: true },
    ]);
  });

  it("keeps marker characters that were in the message as text", () => {
    const original = `x${MATCH_START} y`;
    const marked = `x${MATCH_START} ${MATCH_START}y${MATCH_END}`;
    expect(highlightParts(marked, original)).toEqual([
      { text: `x${MATCH_START} `, match: false },
      { text: "y", match: true },
    ]);
  });

  it("falls back to the plain text rather than show what the message does not say", () => {
    expect(highlightParts("something else", "the message")).toEqual([{ text: "the message", match: false }]);
  });
});
