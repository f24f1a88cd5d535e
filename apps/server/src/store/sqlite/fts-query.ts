import { queryWords } from "../search-text.js";

// SQLite FTS5 has a query language of its own (AND, OR, NOT, NEAR, column
// filters, `*`, `^`, quotes). People type words, not queries: each word goes in
// as a quoted phrase, so nothing they type is read as an operator.

/**
 * The FTS5 MATCH expression for what someone typed (see queryWords). Null
 * when nothing searchable is left (only punctuation, say).
 */
export function matchExpression(query: string): string | null {
  const words = queryWords(query);
  if (words.length === 0) return null;
  return words.map((word, i) => `"${word.replaceAll('"', '""')}"${i === words.length - 1 ? "*" : ""}`).join(" ");
}
