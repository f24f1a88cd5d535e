import { z } from "zod";
import { text } from "./text.js";

export const USERNAME_MAX_LENGTH = 32;
export const PASSWORD_MIN_LENGTH = 8;
/** Long enough for any passphrase, short enough that hashing it costs nothing extra. */
export const PASSWORD_MAX_LENGTH = 256;

/**
 * An account's name, unique across accounts (compared case-insensitively).
 * ASCII only so that look-alike letters cannot impersonate someone.
 */
export const Username = z
  .string()
  .regex(
    new RegExp(`^[A-Za-z0-9_.-]{1,${USERNAME_MAX_LENGTH}}$`),
    `A username is 1 to ${USERNAME_MAX_LENGTH} letters, digits, '_', '.' or '-'`,
  );
export type Username = z.infer<typeof Username>;

export const UserId = z.uuid();
export type UserId = z.infer<typeof UserId>;

export const User = z.object({
  id: UserId,
  username: Username,
});
export type User = z.infer<typeof User>;

export const Password = text(PASSWORD_MAX_LENGTH, "A password").refine(
  (password) => password.length >= PASSWORD_MIN_LENGTH,
  `A password has at least ${PASSWORD_MIN_LENGTH} characters`,
);

/** What signing up and signing in take. */
export const Credentials = z.strictObject({
  username: Username,
  password: Password,
});
export type Credentials = z.infer<typeof Credentials>;

/**
 * What a client sends in the Socket.IO handshake (`auth`). Browsers are
 * identified by their session cookie and send no token; other clients (the SDK
 * in Node, a CLI, a bot) send a bearer token from `POST /api/tokens`.
 */
export const HandshakeAuth = z.strictObject({
  protocolVersion: z.number().int(),
  // Added by socket.io-client itself when it reconnects with connection state
  // recovery: which session to resume, and the last packet it received.
  pid: z.string().max(64).optional(),
  offset: z.string().max(64).optional(),
  token: text(512, "A token")
    .refine((token) => token.length > 0, "A token cannot be empty")
    .optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

/** What the server keeps on each socket once the handshake passed; never sent to clients. */
export const SocketData = z.object({
  user: User,
  sessionId: z.string(),
  /** When the session ends, in milliseconds since the epoch. */
  expiresAt: z.number().int(),
});
export type SocketData = z.infer<typeof SocketData>;
