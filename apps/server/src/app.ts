import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { Server } from "socket.io";
import type { Config } from "./config.js";
import { healthRouter } from "./http/health.js";
import { webAppRouter } from "./http/web-app.js";
import { Lifecycle } from "./lifecycle.js";
import { createLogger, type Logger } from "./logger.js";
import type { ParleyServer } from "./realtime/context.js";
import { attachRealtime } from "./realtime/index.js";
import { PresenceRegistry } from "./realtime/presence-registry.js";
import { createSqliteStore } from "./store/sqlite.js";
import type { Store } from "./store/store.js";

export type { Config } from "./config.js";
export { loadConfig, ConfigError } from "./config.js";

/** The largest Socket.IO packet accepted; far above any valid payload, far below the 1 MB default. */
export const MAX_PACKET_BYTES = 64 * 1024;

export interface AppDeps {
  logger?: Logger;
  store?: Store;
}

export interface App {
  http: HttpServer;
  io: ParleyServer;
  logger: Logger;
  /** Starts listening on the configured port (0 picks a free one). */
  listen(): Promise<AddressInfo>;
  /** Stops taking connections, lets in-flight writes finish, closes the store. */
  close(): Promise<void>;
}

export async function createApp(config: Config, deps: AppDeps = {}): Promise<App> {
  const logger = deps.logger ?? createLogger(config);
  const store = deps.store ?? (await createSqliteStore(config.databasePath));
  const lifecycle = new Lifecycle();

  const web = express();
  web.disable("x-powered-by");
  web.use(healthRouter(store));
  const webApp = webAppRouter(config.webRoot);
  if (webApp) web.use(webApp);

  const http = createServer(web);
  const io: ParleyServer = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: MAX_PACKET_BYTES,
    cors: { origin: config.allowedOrigins },
  });
  attachRealtime({ io, store, presence: new PresenceRegistry(), lifecycle, logger });

  return {
    http,
    io,
    logger,
    listen: () =>
      new Promise((resolve, reject) => {
        http.once("error", reject);
        http.listen(config.port, config.host, () => {
          http.off("error", reject);
          resolve(http.address() as AddressInfo);
        });
      }),
    async close() {
      // Writes in flight finish and are acknowledged before anyone is disconnected.
      await lifecycle.drain();
      await io.close();
      await store.close();
    },
  };
}
