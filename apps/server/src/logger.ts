import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger };

export function createLogger(config: Pick<Config, "logLevel">): Logger {
  return pino({
    level: config.logLevel,
    // Secrets and what people write stay out of the logs.
    redact: {
      paths: [
        "auth",
        "*.auth",
        "deviceKey",
        "*.deviceKey",
        "text",
        "*.text",
        "req.headers.cookie",
        "req.headers.authorization",
      ],
      censor: "[redacted]",
    },
  });
}
