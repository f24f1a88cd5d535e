import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";
import { defaultRateLimits } from "./limits/rate-limits.js";

describe("loadConfig", () => {
  it("runs on one machine with no configuration at all", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: undefined,
      databasePath: "data/parley.db",
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
    });
    expect(config).toEqual({
      sessionTtlMs: 2 * 60 * 60 * 1000,
      trustProxy: "loopback",
      shutdownTimeoutMs: 2500,
      rateLimits: defaultRateLimits,
      port: 8080,
      host: "127.0.0.1",
      databasePath: "/var/lib/parley/chat.db",
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

  it("refuses a port out of range", () => {
    expect(() => loadConfig({ PORT: "70000" })).toThrow(/PORT="70000": must be at most 65535/);
  });
});
