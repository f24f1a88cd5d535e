import type { RequestName } from "@parley/protocol";
import type { RealtimeBudget } from "./rate-limits.js";

/**
 * Which budget each request spends. A table over every request name, so a new
 * request does not compile until someone decides what it costs.
 */
const budgets: Record<RequestName, RealtimeBudget> = {
  "message:send": "sendsPerUser",
  "typing:set": "typingPerUser",
  "room:read": "readsPerUser",
  "presence:set": "presencePerUser",
  "presence:list": "presencePerUser",
  "room:list": "requestsPerUser",
  "room:browse": "requestsPerUser",
  "room:create": "requestsPerUser",
  "room:join": "requestsPerUser",
  "room:leave": "requestsPerUser",
  "room:invite": "requestsPerUser",
  "room:update": "requestsPerUser",
  "room:members": "requestsPerUser",
  "dm:open": "requestsPerUser",
  "message:edit": "requestsPerUser",
  "message:delete": "requestsPerUser",
  "message:react": "requestsPerUser",
  "message:list": "requestsPerUser",
  "message:search": "requestsPerUser",
};

/** The budget an event spends; one the server does not know spends from the general one. */
export function budgetOf(event: string): RealtimeBudget {
  return Object.hasOwn(budgets, event) ? budgets[event as RequestName] : "requestsPerUser";
}
