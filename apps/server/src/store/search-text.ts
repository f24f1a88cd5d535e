// What both engines' searches share: a query is read as words (people type
// words, not a query language), and the index's marked text is cut into
// parts, so no markup ever reaches a client.

/**
 * The words of what someone typed. Control characters separate words, as for
 * the tokenizers (and SQLite would cut a query at a NUL); a word without a
 * letter or digit holds nothing to match. Every word must occur, the last one
 * as a prefix: they may not have finished typing it.
 */
export function queryWords(query: string): string[] {
  return query.split(/[\s\p{Cc}]+/u).filter((word) => /[\p{L}\p{N}]/u.test(word));
}

/** Wraps a highlighted match in the search index's output; rare in text, and told apart from text below. */
export const MATCH_START = "\u0001";
export const MATCH_END = "\u0002";

export interface TextPart {
  text: string;
  match: boolean;
}

/**
 * Cuts a search index's marked text (FTS5's `highlight()`, PostgreSQL's
 * `ts_headline`) into parts. It is walked beside the stored text, so a marker
 * character that a person typed stays text.
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
