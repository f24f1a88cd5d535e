import { z } from "zod";

export const USERNAME_MAX_LENGTH = 32;

/**
 * A display name, unique among connected users (compared case-insensitively).
 * ASCII only so that look-alike letters cannot impersonate someone.
 */
export const Username = z
  .string()
  .regex(
    new RegExp(`^[A-Za-z0-9_.-]{1,${USERNAME_MAX_LENGTH}}$`),
    `A username is 1 to ${USERNAME_MAX_LENGTH} letters, digits, '_', '.' or '-'`,
  );
export type Username = z.infer<typeof Username>;

/**
 * What a client sends in the Socket.IO handshake (`auth`). The device key is a
 * random secret shared by one person's tabs: it is what makes several tabs one
 * user, and it holds the username while any of them is connected.
 * Accounts with passwords will take its place.
 */
export const HandshakeAuth = z.strictObject({
  protocolVersion: z.number().int(),
  username: Username,
  deviceKey: z.string().min(16).max(128),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

/** What the server keeps on each socket once the handshake passed; never sent to clients. */
export const SocketData = HandshakeAuth.pick({ username: true, deviceKey: true });
export type SocketData = z.infer<typeof SocketData>;
