/**
 * Whether a failed query failed because PostgreSQL could not be reached, or
 * could not take the work just now, rather than because of the query: worth
 * trying again once it is back.
 */
export function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    // A socket that could not connect, or broke (ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE, EAI_AGAIN, ...).
    if (/^E[A-Z_]+$/.test(code)) return true;
    // SQLSTATE classes: 08 connection exception, 53 insufficient resources
    // (too many connections), 57P0x the server shutting down or starting up;
    // 40001 and 40P01, a serialization failure or deadlock, pass on a retry.
    return /^(08|53)/.test(code) || /^57P0[1-4]$/.test(code) || code === "40001" || code === "40P01";
  }
  // node-postgres's own words for a connection that ended or never came.
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    error.message,
  );
}
