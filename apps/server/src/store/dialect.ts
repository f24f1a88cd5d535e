import type { Expression, Kysely, RawBuilder } from "kysely";
import type { MessageRow } from "./message-rows.js";
import type { MigrationSteps } from "./migrations/steps.js";
import type { Database } from "./schema.js";

/**
 * Where the two engines' SQL differs, and nowhere else: every other query in
 * the store is written once for both. Sequence numbers need no seam: both
 * engines run the same `UPDATE rooms … RETURNING` (see sql-appends.ts).
 */
export interface Dialect {
  readonly engine: "sqlite" | "postgres";
  /**
   * Full-text search among the user messages of the rooms `userId` is in
   * (or of one of them), best match first: each word must occur, the last
   * as a prefix. Each row comes with its text as the index marked it, every
   * match between MATCH_START and MATCH_END (search-parts.ts).
   */
  search(db: Kysely<Database>, request: SearchRequest): Promise<(MessageRow & { marked: string })[]>;
  /** A condition: `text` contains `fragment` in any letter case (and nothing in `fragment` is a wildcard). */
  containsIgnoringCase(text: Expression<string>, fragment: string): RawBuilder<boolean>;
  /**
   * Whether a statement failed on a unique key. Where a check before the
   * write would race with another node's write, the key decides (renames).
   */
  isUniqueViolation(error: unknown): boolean;
  /** This engine's version of the migration steps that differ. */
  readonly migrationSteps: MigrationSteps;
}

export interface SearchRequest {
  userId: string;
  query: string;
  roomId: string | undefined;
  limit: number;
}

/** `fragment` inside a LIKE pattern: its `%`, `_` and `\` match themselves (with `escape '\'`). */
export function likePattern(fragment: string): string {
  return `%${fragment.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
