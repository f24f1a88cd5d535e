import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";
import * as messages from "./0001-messages.js";
import * as accounts from "./0002-accounts.js";
import * as conversations from "./0003-conversations.js";
import * as clientIds from "./0004-client-ids.js";
import * as systemDetails from "./0005-system-details.js";
import * as countersAndMentions from "./0006-counters-and-mentions.js";
import type { MigrationSteps } from "./steps.js";

type Up = (db: Kysely<unknown>, steps: MigrationSteps) => Promise<void>;

/** Every migration, in order; names sort in the order they must run. */
const ups: Record<string, Up> = {
  "0001-messages": messages.up,
  "0002-accounts": accounts.up,
  "0003-conversations": conversations.up,
  "0004-client-ids": clientIds.up,
  "0005-system-details": systemDetails.up,
  "0006-counters-and-mentions": countersAndMentions.up,
};

/**
 * The migrations as one engine runs them, its own steps filled in. Parley
 * migrates forward only: a release never rolls a schema back.
 */
export function migrationsFor(steps: MigrationSteps): Record<string, Migration> {
  return Object.fromEntries(Object.entries(ups).map(([name, up]) => [name, { up: (db) => up(db, steps) }]));
}
