import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";
import { defaultRateLimits } from "./limits/rate-limits.js";

describe("loadConfig", () => {
  it("runs on one machine with no configuration at all", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: undefined,
      database: { engine: "sqlite", path: "data/parley.db" },
      allowedOrigins: [],
      logLevel: "info",
      shutdownTimeoutMs: 10_000,
    });
    expect(config.webRoot).toMatch(/web[/\\]dist$/);
  });

  it("reads every variable", () => {
    const config = loadConfig({
      PORT: "8080",
      HOST: "127.0.0.1",
      DATABASE_PATH: "/var/lib/parley/chat.db",
      ALLOWED_ORIGINS: "https://chat.example.com, http://localhost:5173",
      LOG_LEVEL: "debug",
      WEB_ROOT: "/srv/parley/web",
      SESSION_TTL_HOURS: "2",
      TRUST_PROXY: "loopback",
      SHUTDOWN_TIMEOUT_MS: "2500",
      RATE_LIMIT_SENDS: "20/5s",
      RATE_LIMIT_TYPING: "90/10s",
      RATE_LIMIT_READS: "45/10s",
      RATE_LIMIT_PRESENCE: "10/1m",
      RATE_LIMIT_REQUESTS: "100/10s",
      RATE_LIMIT_SIGN_INS: "5/1m",
      RATE_LIMIT_FAILED_SIGN_INS: "3/1h",
      RATE_LIMIT_HANDSHAKES: "600/30s",
    });
    expect(config).toEqual({
      sessionTtlMs: 2 * 60 * 60 * 1000,
      trustProxy: "loopback",
      shutdownTimeoutMs: 2500,
      rateLimits: {
        sendsPerUser: { points: 20, seconds: 5 },
        typingPerUser: { points: 90, seconds: 10 },
        readsPerUser: { points: 45, seconds: 10 },
        presencePerUser: { points: 10, seconds: 60 },
        requestsPerUser: { points: 100, seconds: 10 },
        signInsPerIp: { points: 5, seconds: 60 },
        failedSignInsPerAccount: { points: 3, seconds: 3600 },
        handshakesPerIp: { points: 600, seconds: 30 },
      },
      port: 8080,
      host: "127.0.0.1",
      database: { engine: "sqlite", path: "/var/lib/parley/chat.db" },
      allowedOrigins: ["https://chat.example.com", "http://localhost:5173"],
      logLevel: "debug",
      webRoot: "/srv/parley/web",
    });
  });

  it("names every bad variable and its value in one error", () => {
    const load = () => loadConfig({ PORT: "eighty", LOG_LEVEL: "loud", ALLOWED_ORIGINS: "not a url" });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/PORT="eighty"/);
    expect(load).toThrow(/LOG_LEVEL="loud"/);
    expect(load).toThrow(/ALLOWED_ORIGINS="not a url".*origin/);
  });

  it("refuses a shutdown timeout that is not a positive whole number of milliseconds", () => {
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: "0" })).toThrow(/SHUTDOWN_TIMEOUT_MS="0"/);
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: "soon" })).toThrow(/SHUTDOWN_TIMEOUT_MS="soon"/);
  });

  it("keeps the default rate limits that are not set, and refuses a limit it cannot read", () => {
    expect(loadConfig({}).rateLimits).toEqual(defaultRateLimits);
    expect(loadConfig({ RATE_LIMIT_HANDSHAKES: "1000/1m" }).rateLimits).toEqual({
      ...defaultRateLimits,
      handshakesPerIp: { points: 1000, seconds: 60 },
    });
    expect(() => loadConfig({ RATE_LIMIT_REQUESTS: "30 per 10s" })).toThrow(
      /RATE_LIMIT_REQUESTS="30 per 10s": must be/,
    );
    expect(() => loadConfig({ RATE_LIMIT_REQUESTS: "30/10d" })).toThrow(/RATE_LIMIT_REQUESTS="30\/10d"/);
    expect(() => loadConfig({ RATE_LIMIT_TYPING: "fast" })).toThrow(/RATE_LIMIT_TYPING="fast": must be/);
    expect(() => loadConfig({ RATE_LIMIT_SIGN_INS: "0/1m" })).toThrow(/RATE_LIMIT_SIGN_INS="0\/1m": points and window/);
  });

  it("stores in PostgreSQL when DATABASE_URL is set, with a pool of DATABASE_POOL_SIZE", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://parley:secret@db.internal:5432/parley" }).database).toEqual({
      engine: "postgres",
      url: "postgres://parley:secret@db.internal:5432/parley",
      poolSize: 10,
    });
    expect(
      loadConfig({ DATABASE_URL: "postgresql://127.0.0.1/test", DATABASE_POOL_SIZE: "25", DATABASE_PATH: "x.db" })
        .database,
    ).toEqual({ engine: "postgres", url: "postgresql://127.0.0.1/test", poolSize: 25 });
  });

  it("says what is wrong with a DATABASE_URL, without repeating its password", () => {
    const load = (url: string) => () => loadConfig({ DATABASE_URL: url });
    expect(load("mysql://root:hunter2@db/parley")).toThrow(
      /DATABASE_URL=".*": must be a PostgreSQL URL such as postgres:\/\//,
    );
    expect(load("mysql://root:hunter2@db/parley")).not.toThrow(/hunter2/);
    expect(load("mysql://root:hunter2@db/parley")).toThrow(/mysql:\/\/root:\*\*\*@db\/parley/);
    expect(load("data/parley.db")).toThrow(/leave it unset for the embedded SQLite file/);
    expect(load("postgres://")).toThrow(/DATABASE_URL="postgres:\/\/"/);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: "0" })).toThrow(/DATABASE_POOL_SIZE="0"/);
  });

  it("refuses a port out of range", () => {
    expect(() => loadConfig({ PORT: "70000" })).toThrow(/PORT="70000": must be at most 65535/);
  });
});
