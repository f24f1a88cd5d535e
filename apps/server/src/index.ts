import { createApp } from "./app.js";
import { ConfigError, loadConfig, withoutPassword } from "./config.js";
import { listenUrl } from "./listen-url.js";

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const app = await createApp(config);
const address = await app.listen();
const url = listenUrl(config.host, address.port);
const database = config.database.engine === "sqlite" ? config.database.path : withoutPassword(config.database.url);
app.logger.info({ port: address.port, url, engine: config.database.engine, database }, `Parley is listening on ${url}`);

const { shutdownTimeoutMs } = config;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    app.logger.info({ signal, timeoutMs: shutdownTimeoutMs }, "shutting down");
    // A client that never lets go (or a write that never ends) does not keep
    // the process alive past the timeout. What was acknowledged is committed
    // already: acks are sent only after their commit.
    setTimeout(() => {
      app.logger.error({ timeoutMs: shutdownTimeoutMs }, "shutdown timed out; exiting anyway");
      process.exit(1);
    }, shutdownTimeoutMs).unref();
    app.close().then(
      () => {
        app.logger.info("shut down");
        process.exit(0);
      },
      (error: unknown) => {
        app.logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
