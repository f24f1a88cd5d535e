/**
 * How hard the fault tests push, tunable from the environment, e.g.
 * `FAULTS_OFFLINE_MS=120000 npx vitest run faults` for a client that stays
 * away for two minutes.
 */
function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}=${raw} is not a non-negative number`);
  return value;
}

export const settings = {
  /** Chatting SDK clients per test. */
  clients: setting("FAULTS_CLIENTS", 4),
  /** Messages each of them sends in a storm. */
  messagesPerClient: setting("FAULTS_MESSAGES", 20),
  /**
   * The mean pause between one client's sends: a steady 2 a second, far
   * within the production server's sending budget (40 in 10 s), so what the
   * fault tests see is the fault, not the SDK pacing itself.
   */
  sendIntervalMs: setting("FAULTS_SEND_INTERVAL_MS", 500),
  /** How long the network blip cuts every connection. */
  blipMs: setting("FAULTS_BLIP_MS", 3_000),
  /** How long the offline client stays away (at least; the others finish talking first). */
  offlineMs: setting("FAULTS_OFFLINE_MS", 5_000),
  /** The longest a client may take to converge on the server's history after the fault. */
  convergeMs: setting("FAULTS_CONVERGE_MS", 45_000),
};

/** Each test's limit: a restart, reconnect backoff and a loaded two-core machine included. */
export const FAULT_TEST_TIMEOUT_MS = 120_000;
