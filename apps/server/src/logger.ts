import { pino, type DestinationStream, type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger };

/** JSON logs on stdout, or on `destination`. */
export function createLogger(config: Pick<Config, "logLevel">, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    // Secrets and what people write stay out of the logs.
    redact: {
      paths: [
        "auth",
        "*.auth",
        "token",
        "*.token",
        "password",
        "*.password",
        "text",
        "*.text",
        "req.headers.cookie",
        "req.headers.authorization",
        'res.headers["set-cookie"]',
      ],
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
