import { fileURLToPath } from "node:url";
import { z } from "zod";
import { defaultRateLimits, type RateLimitSettings } from "./limits/rate-limits.js";

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

/** The environment Parley reads, with defaults for running on one machine. */
const Environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535, "must be at most 65535").default(3000),
  /** Unset: every interface, IPv4 and IPv6. */
  HOST: z.string().min(1).optional(),
  DATABASE_PATH: z.string().min(1).default("data/parley.db"),
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
});

export interface Config {
  port: number;
  host: string | undefined;
  databasePath: string;
  allowedOrigins: string[];
  logLevel: z.infer<typeof Environment>["LOG_LEVEL"];
  webRoot: string;
  sessionTtlMs: number;
  trustProxy: string | undefined;
  shutdownTimeoutMs: number;
  /** Not read from the environment; tests tighten them. */
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
      return `  ${name}=${JSON.stringify(env[name])}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
  }
  const vars = parsed.data;
  return {
    port: vars.PORT,
    host: vars.HOST,
    databasePath: vars.DATABASE_PATH,
    allowedOrigins: vars.ALLOWED_ORIGINS,
    logLevel: vars.LOG_LEVEL,
    webRoot: vars.WEB_ROOT,
    sessionTtlMs: vars.SESSION_TTL_HOURS * 60 * 60 * 1000,
    trustProxy: vars.TRUST_PROXY,
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
    rateLimits: defaultRateLimits,
  };
}
