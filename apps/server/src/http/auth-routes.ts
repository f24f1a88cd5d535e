import {
  Credentials,
  SESSION_COOKIE,
  authRoutes,
  type CurrentSession,
  type ErrorBody,
  type ErrorCode,
  type Session,
  type TokenGrant,
  type User,
} from "@parley/protocol";
import express, { Router, type Request, type Response } from "express";
import { z } from "zod";
import { tokenFromHeaders } from "../auth/credentials.js";
import { decoyHash, hashPassword, verifyPassword } from "../auth/passwords.js";
import type { LiveSession, Sessions } from "../auth/sessions.js";
import type { RateLimiters } from "../limits/rate-limits.js";
import type { ParleyServer } from "../realtime/context.js";
import { personalRoom } from "../realtime/socket-rooms.js";
import { StoreUnavailable, type AccountStore } from "../store/store.js";
import { isAllowedOrigin } from "./origin.js";

export interface AuthRouteDeps {
  store: AccountStore;
  sessions: Sessions;
  limits: RateLimiters;
  io: ParleyServer;
  allowedOrigins: readonly string[];
  /** Tells the rooms a new account joined (`general`). */
  onAccountCreated: (user: User) => Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Sign up, sign in (cookie or bearer token), who am I, sign out. */
export function authRouter({ store, sessions, limits, io, allowedOrigins, onAccountCreated }: AuthRouteDeps): Router {
  const router = Router();
  router.use("/api", express.json({ limit: "4kb" }));
  // A foreign page may not sign someone in or out with their cookie.
  router.use("/api", (request, _response, next) => {
    if (request.method !== "GET" && !isAllowedOrigin(request, allowedOrigins)) {
      throw new HttpError(403, "forbidden_origin", "Requests from this origin are not allowed");
    }
    next();
  });

  async function signIn(request: Request): Promise<User> {
    const { username, password } = await credentialsOf(request);
    const accountKey = username.toLowerCase();
    if (await limits.failedSignInsPerAccount.exhausted(accountKey)) {
      throw new HttpError(429, "rate_limited", "Too many failed sign-ins for this account; try again later");
    }
    const account = await store.findAccount(username);
    const valid = await verifyPassword(account?.passwordHash ?? (await decoyHash), password);
    if (!account || !valid) {
      await limits.failedSignInsPerAccount.spend(accountKey);
      throw new HttpError(401, "invalid_credentials", "Wrong username or password");
    }
    await limits.failedSignInsPerAccount.forgive(accountKey);
    return { id: account.id, username: account.username };
  }

  async function credentialsOf(request: Request): Promise<Credentials> {
    if ((await limits.signInsPerIp.spend(request.ip ?? "unknown")).over > 0) {
      throw new HttpError(429, "rate_limited", "Too many attempts from this address; try again later");
    }
    const parsed = Credentials.safeParse(request.body);
    if (!parsed.success) throw new HttpError(400, "invalid_payload", z.prettifyError(parsed.error));
    return parsed.data;
  }

  function setCookie(request: Request, response: Response, session: LiveSession & { token: string }) {
    response.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: "strict",
      secure: request.secure,
      path: "/",
      expires: new Date(session.expiresAt),
    });
  }

  router.post(authRoutes.accounts, async (request, response) => {
    const { username, password } = await credentialsOf(request);
    const user = await store.createAccount(username, await hashPassword(password));
    if (!user) throw new HttpError(409, "username_taken", `The name ${username} is taken`);
    await onAccountCreated(user);
    const session = await sessions.start(user);
    setCookie(request, response, session);
    response.status(201).json({ user, expiresAt: session.expiresAt } satisfies Session);
  });

  router.post(authRoutes.sessions, async (request, response) => {
    const session = await sessions.start(await signIn(request));
    setCookie(request, response, session);
    response.json({ user: session.user, expiresAt: session.expiresAt } satisfies Session);
  });

  router.post(authRoutes.tokens, async (request, response) => {
    const session = await sessions.start(await signIn(request));
    const grant: TokenGrant = { user: session.user, expiresAt: session.expiresAt, token: session.token };
    response.status(201).json(grant);
  });

  // Not signed in is an answer, not an error: the sign-in page asks on every visit.
  router.get(authRoutes.session, async (request, response) => {
    const session = await sessions.resume(tokenFromHeaders(request.headers));
    response.setHeader("Cache-Control", "no-store");
    response.json(
      (session ? { user: session.user, expiresAt: session.expiresAt } : { user: null }) satisfies CurrentSession,
    );
  });

  router.delete(authRoutes.session, async (request, response) => {
    const session = await sessions.resume(tokenFromHeaders(request.headers));
    if (session) {
      await sessions.end(session.id);
      // The session's sockets end at once: found among its user's, on every
      // node. A room per session would cost every idle connection memory for
      // what happens once in its life.
      for (const socket of await io.in(personalRoom(session.user.username)).fetchSockets()) {
        if (socket.data.sessionId === session.id) socket.disconnect(true);
      }
    }
    response.clearCookie(SESSION_COOKIE, { path: "/" });
    response.status(204).end();
  });

  return router;
}

/** Every failure under /api becomes `{ error: { code, message } }`; nothing else leaks. */
export function apiErrorHandler(log: (error: unknown) => void) {
  return (error: unknown, request: Request, response: Response, next: (error?: unknown) => void) => {
    if (!request.path.startsWith("/api") || response.headersSent) return next(error);
    const { status, code, message } = describe(error, log);
    response.status(status).json({ error: { code, message } } satisfies ErrorBody);
  };
}

function describe(error: unknown, log: (error: unknown) => void): { status: number; code: ErrorCode; message: string } {
  if (error instanceof HttpError) return error;
  if (error instanceof StoreUnavailable) {
    return { status: 503, code: "unavailable", message: "The database is unavailable just now; try again shortly" };
  }
  // body-parser's errors: malformed JSON, a body too large, a wrong charset.
  const status = (error as { status?: unknown }).status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return { status, code: "invalid_payload", message: "The request body must be a small JSON object" };
  }
  log(error);
  return { status: 500, code: "internal", message: "The server could not complete this request" };
}
