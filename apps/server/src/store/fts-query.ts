// SQLite FTS5 has a query language of its own (AND, OR, NOT, NEAR, column
// filters, `*`, `^`, quotes). People type words, not queries: each word goes in
// as a quoted phrase, so nothing they type is read as an operator.

/** Wraps a highlighted match in the search index's output; rare in text, and told apart from text below. */
export const MATCH_START = "\u0001";
export const MATCH_END = "\u0002";

/**
 * The FTS5 MATCH expression for what someone typed: every word must occur, the
 * last one as a prefix (they may not have finished typing it). Null when
 * nothing searchable is left (only punctuation, say).
 */
export function matchExpression(query: string): string | null {
  // Control characters separate words, as for the tokenizer (and SQLite would
  // cut the query at a NUL). Words without a letter or digit hold no token.
  const words = query.split(/[\s\p{Cc}]+/u).filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (words.length === 0) return null;
  return words.map((word, i) => `"${word.replaceAll('"', '""')}"${i === words.length - 1 ? "*" : ""}`).join(" ");
}

export interface TextPart {
  text: string;
  match: boolean;
}

/**
 * Cuts FTS5's `highlight()` output into parts. It is walked beside the stored
 * text, so a marker character that a person typed stays text.
 */
export function highlightParts(marked: string, original: string): TextPart[] {
  const parts: TextPart[] = [];
  let match = false;
  let current = "";
  let j = 0;
  const flush = () => {
    if (current) parts.push({ text: current, match });
    current = "";
  };
  for (const char of marked) {
    if (original.startsWith(char, j)) {
      current += char;
      j += char.length;
    } else if (char === MATCH_START || char === MATCH_END) {
      flush();
      match = char === MATCH_START;
    } else {
      // Should not happen; never show something that was not in the message.
      return [{ text: original, match: false }];
    }
  }
  flush();
  return j === original.length ? parts : [{ text: original, match: false }];
}
