import type { Migration } from "kysely/migration";
import * as messages from "./0001-messages.js";
import * as accounts from "./0002-accounts.js";
import * as conversations from "./0003-conversations.js";
import * as clientIds from "./0004-client-ids.js";
import * as systemDetails from "./0005-system-details.js";

/** Every migration, in order. Names sort in the order they must run. */
export const migrations: Record<string, Migration> = {
  "0001-messages": messages,
  "0002-accounts": accounts,
  "0003-conversations": conversations,
  "0004-client-ids": clientIds,
  "0005-system-details": systemDetails,
};
