import { z } from "zod";
import { Timestamp } from "./ids.js";
import { ProtocolError } from "./result.js";
import { User } from "./users.js";

/**
 * The HTTP side of signing in. Every route takes and returns JSON; a failure
 * is `{ error: { code, message } }` with a fitting HTTP status.
 *
 * - `POST /api/accounts` (Credentials): sign up; 201 with a Session, and the
 *   session cookie set, as after signing in.
 * - `POST /api/sessions` (Credentials): sign in a browser; 200 with a Session and
 *   the session cookie (HTTP-only, SameSite=Strict).
 * - `POST /api/tokens` (Credentials): sign in any other client; 201 with a
 *   TokenGrant. Send the token as `Authorization: Bearer …` or in the
 *   Socket.IO handshake's `auth.token`.
 * - `GET /api/session`: who is signed in; 200 with a CurrentSession, whose
 *   user is null when no one is (not an error: a sign-in page asks it on
 *   every visit, and browsers log every 4xx as one).
 * - `DELETE /api/session`: sign out; ends the session and its sockets at once.
 */
export const authRoutes = {
  accounts: "/api/accounts",
  sessions: "/api/sessions",
  tokens: "/api/tokens",
  session: "/api/session",
} as const;

/** The name of the HTTP-only cookie that carries a browser's session. */
export const SESSION_COOKIE = "parley_session";

export const Session = z.object({
  user: User,
  expiresAt: Timestamp,
});
export type Session = z.infer<typeof Session>;

/** The answer to `GET /api/session`: the session, or `{ user: null }` when no one is signed in. */
export const CurrentSession = z.union([Session, z.object({ user: z.null() })]);
export type CurrentSession = z.infer<typeof CurrentSession>;

export const TokenGrant = Session.extend({
  token: z.string(),
});
export type TokenGrant = z.infer<typeof TokenGrant>;

export const ErrorBody = z.object({ error: ProtocolError });
export type ErrorBody = z.infer<typeof ErrorBody>;
