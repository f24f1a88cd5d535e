import type { Username } from "@parley/protocol";

export interface TextPart {
  text: string;
  /** The person an `@name` part mentions; null for plain text. */
  mention: Username | null;
}

const MENTION = /@([A-Za-z0-9_.-]+)/g;

/**
 * Cuts a message's text into plain parts and the `@name`s it mentions (the
 * server's `mentions` say which names are people), so each can be rendered as
 * React text, highlighted, never as markup.
 */
export function splitMentions(text: string, mentions: readonly Username[]): TextPart[] {
  const known = new Set(mentions.map((name) => name.toLowerCase()));
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    let name = match[1] ?? "";
    // "@bob." at the end of a sentence mentions bob.
    while (!known.has(name.toLowerCase()) && /[.-]$/.test(name)) name = name.slice(0, -1);
    const found = mentions.find((mention) => mention.toLowerCase() === name.toLowerCase());
    if (found === undefined) continue;
    if (match.index > last) parts.push({ text: text.slice(last, match.index), mention: null });
    parts.push({ text: `@${name}`, mention: found });
    last = match.index + 1 + name.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), mention: null });
  return parts;
}

/** The `@name` being typed just before the caret, if any: where it starts and what is typed so far. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([A-Za-z0-9_.-]*)$/.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[2] ?? "";
  return { start: caret - query.length - 1, query };
}

/** Candidates for an `@` query: names starting with it first, then names containing it. */
export function mentionCandidates(names: readonly Username[], query: string, limit = 6): Username[] {
  const q = query.toLowerCase();
  const starts = names.filter((name) => name.toLowerCase().startsWith(q));
  const contains = names.filter((name) => !name.toLowerCase().startsWith(q) && name.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, limit);
}

/** The text with the `@query` at `start..caret` completed to `@username `, and where the caret goes. */
export function completeMention(
  text: string,
  start: number,
  caret: number,
  username: Username,
): { text: string; caret: number } {
  const inserted = `@${username} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

/** "alice is typing…", "alice and bob are typing…", "alice, bob and 2 others are typing…" */
export function typingText(names: readonly Username[]): string {
  const [first, second] = names;
  if (first === undefined) return "";
  if (second === undefined) return `${first} is typing…`;
  if (names.length === 2) return `${first} and ${second} are typing…`;
  if (names.length === 3) return `${first}, ${second} and ${names[2]} are typing…`;
  return `${first}, ${second} and ${names.length - 2} others are typing…`;
}
