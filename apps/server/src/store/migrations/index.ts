import type { Migration } from "kysely/migration";
import * as messages from "./0001-messages.js";

/** Every migration, in order. Names sort in the order they must run. */
export const migrations: Record<string, Migration> = {
  "0001-messages": messages,
};
