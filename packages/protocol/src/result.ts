import { z } from "zod";

/**
 * Every error that may cross the wire. Closed on purpose: a client can switch
 * over it exhaustively, and nothing else (no stack, no SQL) is ever sent.
 */
export const ErrorCode = z.enum([
  /** The payload does not match the event's schema. */
  "invalid_payload",
  /** The handshake's auth object is malformed. */
  "invalid_handshake",
  /** The client speaks another PROTOCOL_VERSION. */
  "unsupported_version",
  /** No valid session: none given, expired, revoked or forged. Sign in again. */
  "unauthorized",
  /** Wrong username or password (which one is not said). */
  "invalid_credentials",
  /** An account with this username exists. */
  "username_taken",
  /** The request came from a page whose origin is not allowed. */
  "forbidden_origin",
  /** Too many requests; wait `retryAfterMs`, then try again. */
  "rate_limited",
  /** The same clientId was already used for a different message. */
  "conflict",
  /** The server is shutting down; try again once it is back. */
  "unavailable",
  /** The room or user does not exist. */
  "not_found",
  /** The user may not do this here, e.g. post in a room they have not joined. */
  "forbidden",
  /** The server failed; the details are in its log, not on the wire. */
  "internal",
  /** Produced by the client SDK: no answer came in time. */
  "timeout",
  /** Produced by the client SDK: the server could not be reached. */
  "unreachable",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/*
 * `retryAfterMs` is additive and optional, so PROTOCOL_VERSION stays: a peer
 * of the same version that does not know it parses the error as before (zod
 * objects drop keys they do not declare), and one that knows it falls back to
 * its own backoff when an older server leaves it out.
 */
export const ProtocolError = z.object({
  code: ErrorCode,
  /** For people and logs; programs switch on `code`. */
  message: z.string(),
  /**
   * With `rate_limited`: how long until the same request would be accepted.
   * Waiting this long is what keeps a client from being cut off.
   */
  retryAfterMs: z.number().int().nonnegative().optional(),
});
export type ProtocolError = z.infer<typeof ProtocolError>;

/** What every request's acknowledgement carries. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: ProtocolError };

/** The schema of a Result carrying `data`, for peers that validate acks. */
export function resultOf<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion("ok", [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: ProtocolError }),
  ]);
}

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function err(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** A `rate_limited` refusal saying when to try again. */
export function rateLimited(message: string, retryAfterMs: number): Result<never> {
  return { ok: false, error: { code: "rate_limited", message, retryAfterMs: Math.max(0, Math.ceil(retryAfterMs)) } };
}
