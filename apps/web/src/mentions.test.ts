import { describe, expect, it } from "vitest";
import { completeMention, mentionAt, mentionCandidates, splitMentions, typingText } from "./mentions.js";

describe("splitMentions", () => {
  it("cuts out the names the server says were mentioned, and leaves the rest as text", () => {
    expect(splitMentions("hi @bob and @nobody, @Carol.", ["bob", "carol"])).toEqual([
      { text: "hi ", mention: null },
      { text: "@bob", mention: "bob" },
      { text: " and @nobody, ", mention: null },
      { text: "@Carol", mention: "carol" },
      { text: ".", mention: null },
    ]);
    expect(splitMentions("<b>@x</b>", [])).toEqual([{ text: "<b>@x</b>", mention: null }]);
  });
});

describe("mention autocomplete", () => {
  it("finds the @name being typed before the caret", () => {
    expect(mentionAt("hello @al", 9)).toEqual({ start: 6, query: "al" });
    expect(mentionAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionAt("mail@example", 12)).toBeNull();
    expect(mentionAt("hello @al there", 15)).toBeNull();
  });

  it("ranks names that start with the query first", () => {
    expect(mentionCandidates(["malia", "alice", "bob", "al"], "al")).toEqual(["alice", "al", "malia"]);
  });

  it("completes the name and puts the caret after it", () => {
    expect(completeMention("hi @al!", 3, 6, "alice")).toEqual({ text: "hi @alice !", caret: 10 });
  });
});

describe("typingText", () => {
  it("names up to three people, then counts", () => {
    expect(typingText([])).toBe("");
    expect(typingText(["alice"])).toBe("alice is typing…");
    expect(typingText(["alice", "bob"])).toBe("alice and bob are typing…");
    expect(typingText(["a", "b", "c", "d"])).toBe("a, b and 2 others are typing…");
  });
});
