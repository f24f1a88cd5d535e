import type { IncomingHttpHeaders } from "node:http";
import { SESSION_COOKIE } from "@parley/protocol";
import { parseCookie } from "cookie";

/**
 * The session token a request carries: a bearer token (non-browser clients)
 * or the session cookie (browsers). Which one makes no difference after this.
 */
export function tokenFromHeaders(headers: IncomingHttpHeaders): string | undefined {
  const bearer = /^Bearer ([\w-]{1,512})$/.exec(headers.authorization ?? "");
  if (bearer) return bearer[1];
  return headers.cookie ? parseCookie(headers.cookie)[SESSION_COOKIE] : undefined;
}
