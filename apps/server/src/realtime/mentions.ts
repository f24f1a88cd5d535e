import type { Username } from "@parley/protocol";
import type { RealtimeContext } from "./context.js";

/**
 * `@name` where name could be a username, not inside a word (so an e-mail
 * address mentions nobody).
 */
const MENTION = /(?<![A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{1,32})/g;

/**
 * The people a text @mentions: the `@name`s that are accounts, spelled as the
 * accounts are, each once, in the order first mentioned.
 */
export async function mentionsIn(ctx: RealtimeContext, text: string): Promise<Username[]> {
  const candidates: string[] = [];
  for (const [, name = ""] of text.matchAll(MENTION)) {
    candidates.push(name);
    // "@bob." at the end of a sentence: the dot is punctuation, unless "bob." is a name.
    const trimmed = name.replace(/[.-]+$/, "");
    if (trimmed && trimmed !== name) candidates.push(trimmed);
  }
  if (candidates.length === 0) return [];
  const accounts = new Map((await ctx.store.findUsers(candidates)).map((user) => [user.username.toLowerCase(), user]));
  const mentioned = new Set<Username>();
  for (const [, name = ""] of text.matchAll(MENTION)) {
    const account = accounts.get(name.toLowerCase()) ?? accounts.get(name.replace(/[.-]+$/, "").toLowerCase());
    if (account) mentioned.add(account.username);
  }
  return [...mentioned];
}
