import { userInfo } from "node:os";

/**
 * A URL without a user connects as the operating system's user, as psql
 * does (node-postgres would look for $USER, which services often lack).
 */
export function withDefaultUser(url: string): string {
  const parsed = new URL(url);
  if (parsed.username !== "") return url;
  parsed.username = userInfo().username;
  return parsed.href;
}
