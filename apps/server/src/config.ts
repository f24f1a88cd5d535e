import { fileURLToPath } from "node:url";
import { z } from "zod";
import { defaultRateLimits, type Limit, type RateLimitSettings } from "./limits/rate-limits.js";
import type { StoreConfig } from "./store/create-store.js";

const defaultWebRoot = fileURLToPath(new URL("../../web/dist", import.meta.url));

const commaList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.url({ error: "each entry must be an origin such as https://chat.example.com" })));

const SECONDS_PER_UNIT = { s: 1, m: 60, h: 60 * 60 } as const;

/** A rate limit written as points per window: "30/10s", "60/1m", "10/15m", "100/1h". */
const limit = z
  .string()
  .regex(/^\d+\/\d+[smh]$/, 'must be points per window, such as "30/10s", "60/1m" or "100/1h"')
  .transform((value): Limit => {
    const [points = "", window = ""] = value.split("/");
    const unit = window.slice(-1) as keyof typeof SECONDS_PER_UNIT;
    return { points: Number(points), seconds: Number(window.slice(0, -1)) * SECONDS_PER_UNIT[unit] };
  })
  .refine((parsed) => parsed.points > 0 && parsed.seconds > 0, "points and window must both be above zero")
  .optional();

/** The environment Parley reads, with defaults for running on one machine. */
const Environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535, "must be at most 65535").default(3000),
  /** Unset: every interface, IPv4 and IPv6. */
  HOST: z.string().min(1).optional(),
  /** The SQLite file, when DATABASE_URL is not set. */
  DATABASE_PATH: z.string().min(1).default("data/parley.db"),
  /** Set: PostgreSQL at this URL instead of the SQLite file. */
  DATABASE_URL: z
    .string()
    .refine(isPostgresUrl, {
      error:
        "must be a PostgreSQL URL such as postgres://user:password@host:5432/parley (leave it unset for the embedded SQLite file)",
    })
    .optional(),
  /** Connections each node keeps open to PostgreSQL. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000, "must be at most 1000").default(10),
  /** Pages on other origins allowed to connect, comma-separated. Same-origin pages always may. */
  ALLOWED_ORIGINS: commaList.default([]),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** The built web app to serve; nothing is served when the folder does not exist. */
  WEB_ROOT: z.string().min(1).default(defaultWebRoot),
  /** How long a sign-in lasts. */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .default(14 * 24),
  /**
   * Set when a reverse proxy terminates TLS, so that the server sees the
   * client's address and scheme (Express's "trust proxy", e.g. 1 or loopback).
   */
  TRUST_PROXY: z.string().min(1).optional(),
  /**
   * How long a graceful shutdown (SIGTERM, SIGINT) may take to let writes in
   * flight finish before the process exits anyway.
   */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Messages sent per user. Default 40/10s. */
  RATE_LIMIT_SENDS: limit,
  /** Typing notices per user. Default 60/10s. */
  RATE_LIMIT_TYPING: limit,
  /** Rooms marked read per user. Default 60/10s. */
  RATE_LIMIT_READS: limit,
  /** Presence requests (away, who is online) per user. Default 30/10s. */
  RATE_LIMIT_PRESENCE: limit,
  /** Every other realtime request per user (history, rooms, search, edits, reactions). Default 120/10s. */
  RATE_LIMIT_REQUESTS: limit,
  /** Sign-ups, sign-ins and token requests per IP address. Default 30/15m. */
  RATE_LIMIT_SIGN_INS: limit,
  /** Failed sign-ins per account, from any address. Default 10/15m. */
  RATE_LIMIT_FAILED_SIGN_INS: limit,
  /** Socket.IO handshakes per IP address. Default 60/1m. */
  RATE_LIMIT_HANDSHAKES: limit,
});

export interface Config {
  port: number;
  host: string | undefined;
  database: StoreConfig;
  allowedOrigins: string[];
  logLevel: z.infer<typeof Environment>["LOG_LEVEL"];
  webRoot: string;
  sessionTtlMs: number;
  trustProxy: string | undefined;
  shutdownTimeoutMs: number;
  rateLimits: RateLimitSettings;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The only reader of process.env. Throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `  ${name}=${JSON.stringify(withoutPassword(env[name]))}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
  }
  const vars = parsed.data;
  return {
    port: vars.PORT,
    host: vars.HOST,
    database:
      vars.DATABASE_URL === undefined
        ? { engine: "sqlite", path: vars.DATABASE_PATH }
        : { engine: "postgres", url: vars.DATABASE_URL, poolSize: vars.DATABASE_POOL_SIZE },
    allowedOrigins: vars.ALLOWED_ORIGINS,
    logLevel: vars.LOG_LEVEL,
    webRoot: vars.WEB_ROOT,
    sessionTtlMs: vars.SESSION_TTL_HOURS * 60 * 60 * 1000,
    trustProxy: vars.TRUST_PROXY,
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
    rateLimits: {
      sendsPerUser: vars.RATE_LIMIT_SENDS ?? defaultRateLimits.sendsPerUser,
      typingPerUser: vars.RATE_LIMIT_TYPING ?? defaultRateLimits.typingPerUser,
      readsPerUser: vars.RATE_LIMIT_READS ?? defaultRateLimits.readsPerUser,
      presencePerUser: vars.RATE_LIMIT_PRESENCE ?? defaultRateLimits.presencePerUser,
      requestsPerUser: vars.RATE_LIMIT_REQUESTS ?? defaultRateLimits.requestsPerUser,
      signInsPerIp: vars.RATE_LIMIT_SIGN_INS ?? defaultRateLimits.signInsPerIp,
      failedSignInsPerAccount: vars.RATE_LIMIT_FAILED_SIGN_INS ?? defaultRateLimits.failedSignInsPerAccount,
      handshakesPerIp: vars.RATE_LIMIT_HANDSHAKES ?? defaultRateLimits.handshakesPerIp,
    },
  };
}

/** A URL the PostgreSQL store accepts: postgres:// or postgresql://, with a host. */
export function isPostgresUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
}

/** A URL's password never reaches a log or an error message. */
export function withoutPassword(value: string | undefined): string | undefined {
  if (value === undefined || !URL.canParse(value)) return value;
  const url = new URL(value);
  if (url.password === "") return value;
  url.password = "***";
  return url.href;
}

/**
 * DATABASE_URL as set, for the migrate-data command: the target's URL, password
 * and all, can stay off the command line (where `ps` and pnpm's echo show it).
 */
export function databaseUrlFromEnvironment(env: Record<string, string | undefined> = process.env): string | undefined {
  return env.DATABASE_URL?.trim() || undefined;
}
