import { hash, verify } from "@node-rs/argon2";

/**
 * argon2id (the library's default algorithm) with OWASP's recommended
 * parameters: 19 MiB of memory, 2 passes, 1 lane. The PHC string it returns
 * carries its parameters, so raising them later leaves old hashes verifiable.
 */
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed hash verifies nothing
  }
}

/**
 * A hash of no password at all, verified when the username does not exist,
 * so that a wrong name takes as long as a wrong password.
 */
export const decoyHash = hash("no account has this password", options);
