import type { Kysely } from "kysely";

/**
 * The steps of the migrations that the two engines write differently. Each
 * migration is shared; where it needs one of these it calls it, and each
 * engine's version lives in one file (sqlite-steps.ts, postgres-steps.ts).
 * A step, like the migration that calls it, never changes once released.
 */
export interface MigrationSteps {
  /** 0003: a full-text index over user messages' text, kept in step with it. */
  createSearchIndex(db: Kysely<unknown>): Promise<void>;
  /**
   * 0003: reactions keep the order they came in, as `reactions.rowid`.
   * SQLite numbers every table's rows by itself.
   */
  numberReactions(db: Kysely<unknown>): Promise<void>;
  /** 0006: the mention lists, read from the messages' JSON into the mentions table. */
  copyMentions(db: Kysely<unknown>): Promise<void>;
}
