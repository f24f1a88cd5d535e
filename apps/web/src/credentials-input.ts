import { Credentials, err, ok, type Result } from "@parley/protocol";

/**
 * The form's fields as Credentials, checked with the protocol's own schema,
 * so that input the server would refuse is caught before it costs a request
 * (sign-ins are rate limited), in the very words the server would use.
 */
export function readCredentials(username: string, password: string): Result<Credentials> {
  // A stray space around a name is a typing slip; in a password it may be meant.
  const parsed = Credentials.safeParse({ username: username.trim(), password });
  if (parsed.success) return ok(parsed.data);
  return err("invalid_payload", parsed.error.issues.map((issue) => issue.message).join("\n"));
}
