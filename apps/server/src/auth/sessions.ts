import { createHash, randomBytes } from "node:crypto";
import type { User } from "@parley/protocol";
import type { AccountStore } from "../store/store.js";

export interface LiveSession {
  id: string;
  user: User;
  expiresAt: number;
}

/**
 * Sessions are random 256-bit tokens. Only their SHA-256 is stored, so a copy
 * of the database cannot be used to sign in.
 */
export class Sessions {
  constructor(
    private readonly store: AccountStore,
    private readonly ttlMs: number,
  ) {}

  async start(user: User): Promise<LiveSession & { token: string }> {
    const token = randomBytes(32).toString("base64url");
    const session = { id: sessionId(token), user, expiresAt: Date.now() + this.ttlMs };
    await this.store.createSession({ id: session.id, userId: user.id, expiresAt: session.expiresAt });
    return { ...session, token };
  }

  /** The live session a token stands for; null for a missing, expired, revoked or forged one. */
  async resume(token: string | undefined): Promise<LiveSession | null> {
    if (!token) return null;
    const found = await this.store.findLiveSession(sessionId(token), Date.now());
    return found && { id: found.session.id, user: found.user, expiresAt: found.session.expiresAt };
  }

  end(id: string): Promise<void> {
    return this.store.revokeSession(id, Date.now());
  }
}

function sessionId(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
