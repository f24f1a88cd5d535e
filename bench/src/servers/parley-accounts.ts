import { createAuthApi } from "@parley/client";
import type { TokenGrant } from "@parley/protocol";

const PASSWORD = "benchmark-password";
/** Sign-ups at once: each hashes a password (argon2id, 19 MiB) on the server's thread pool. */
const CONCURRENT_SIGN_UPS = 4;

/**
 * Parley's load-generator users, signed up and signed in the way any client
 * is (`POST /api/accounts`, then `POST /api/tokens` for a bearer token), so
 * their sockets authenticate exactly as real ones do. Accounts outlive the
 * server process (they are in its database), so a run creates each once.
 */
export class ParleyAccounts {
  private readonly grants: TokenGrant[] = [];

  /** The first `count` accounts, signing up whichever do not exist yet. */
  async take(url: string, count: number): Promise<TokenGrant[]> {
    const auth = createAuthApi({ baseUrl: url, timeoutMs: 60_000 });
    const missing = Array.from({ length: count - this.grants.length }, (_, i) => this.grants.length + i);
    const created: TokenGrant[] = [];
    for (let start = 0; start < missing.length; start += CONCURRENT_SIGN_UPS) {
      const batch = missing.slice(start, start + CONCURRENT_SIGN_UPS);
      created.push(
        ...(await Promise.all(
          batch.map(async (i) => {
            const credentials = { username: `bench-${i}`, password: PASSWORD };
            const signedUp = await auth.signUp(credentials);
            if (!signedUp.ok) throw new Error(`Sign-up of ${credentials.username} failed: ${signedUp.error.message}`);
            const grant = await auth.createToken(credentials);
            if (!grant.ok) throw new Error(`Sign-in of ${credentials.username} failed: ${grant.error.message}`);
            return grant.data;
          }),
        )),
      );
    }
    this.grants.push(...created);
    return this.grants.slice(0, count);
  }
}
