import { createServer, type IncomingMessage, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { leanMessage, type ErrorBody } from "@parley/protocol";
import express from "express";
import proxyAddr from "proxy-addr";
import { Server } from "socket.io";
import { Sessions } from "./auth/sessions.js";
import type { Config } from "./config.js";
import { apiErrorHandler, authRouter } from "./http/auth-routes.js";
import { healthRouter } from "./http/health.js";
import { trackOpenConnections } from "./http/open-connections.js";
import { isAllowedOrigin, refuseForeignUpgrades } from "./http/origin.js";
import { securityHeaders } from "./http/security.js";
import { webAppRouter } from "./http/web-app.js";
import { Lifecycle } from "./lifecycle.js";
import { createRateLimiters } from "./limits/rate-limits.js";
import { createLogger, type Logger } from "./logger.js";
import type { ParleyServer } from "./realtime/context.js";
import { attachRealtime } from "./realtime/index.js";
import { welcomeToGeneral } from "./realtime/rooms.js";
import { MessageBatch } from "./realtime/message-batch.js";
import { PresenceBatch } from "./realtime/presence-batch.js";
import { PresenceRegistry } from "./realtime/presence-registry.js";
import { createStore } from "./store/create-store.js";
import type { Store } from "./store/store.js";

type TrustFunction = Parameters<typeof proxyAddr>[1];

export type { Config } from "./config.js";
export { loadConfig, ConfigError } from "./config.js";

/** The largest Socket.IO packet accepted; far above any valid payload, far below the 1 MB default. */
export const MAX_PACKET_BYTES = 64 * 1024;

/**
 * How long a client has, once shutdown has closed its transport, to close its
 * side of the TCP connection before the server ends it. Every Parley client
 * does so at once; a client that ignores the WebSocket close frame (one built
 * on Python's Socket.IO library was seen to) would otherwise hold the process
 * for ws's 30 s close timeout, past SHUTDOWN_TIMEOUT_MS.
 */
export const SHUTDOWN_LINGER_MS = 2_000;

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
  /**
   * Shuts down gracefully: stops taking connections, tells every client
   * (`server:closing`), refuses new requests with `unavailable`, lets writes
   * in flight finish and be acknowledged, then closes the sockets and the
   * store. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

export async function createApp(config: Config, deps: AppDeps = {}): Promise<App> {
  const logger = deps.logger ?? createLogger(config);
  const store =
    deps.store ??
    (await createStore(config.database, {
      onConnectionError: (error) => logger.warn({ err: error }, "a database connection broke; the pool opens another"),
    }));
  const lifecycle = new Lifecycle();
  let closing: Promise<void> | undefined;
  const sessions = new Sessions(store, config.sessionTtlMs);
  const limits = createRateLimiters(config.rateLimits);

  const web = express();
  web.disable("x-powered-by");
  if (config.trustProxy !== undefined) web.set("trust proxy", config.trustProxy);
  const http = createServer(web);
  const openConnections = trackOpenConnections(http);
  refuseForeignUpgrades(http, config.allowedOrigins);

  const io: ParleyServer = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: MAX_PACKET_BYTES,
    // Compression is off: it costs memory per connection and opens
    // compression side channels.
    perMessageDeflate: false,
    cors: { origin: config.allowedOrigins, credentials: true },
    // Both transports, before any session is looked at: a foreign page gets
    // 403. No new connection while shutting down.
    allowRequest: (request, callback) => {
      if (lifecycle.closing) return callback("server shutting down", false);
      const allowed = isAllowedOrigin(request, config.allowedOrigins);
      callback(allowed ? null : "forbidden origin", allowed);
    },
    // No connection state recovery: it would hold every broadcast of its
    // window in memory (at 400 messages a second and two minutes, ~50,000)
    // and tag each with an offset, for what the SDK does anyway: on
    // reconnect it catches up from the store, which knows everything.
  });
  // The same trust rules as Express's request.ip, for the handshake limit.
  const clientAddress = (request: IncomingMessage) => proxyAddr(request, web.get("trust proxy fn") as TrustFunction);
  const presenceBatch = new PresenceBatch((changes) => io.emit("presence:changed", { changes }));
  const realtime = {
    io,
    store,
    presence: new PresenceRegistry(),
    newMessages: new MessageBatch((roomId, messages) =>
      io.to(roomId).emit("message:created", { messages: messages.map(leanMessage) }),
    ),
    presenceBatch,
    sessions,
    limits,
    clientAddress,
    lifecycle,
    logger,
  };
  attachRealtime(realtime);

  web.use(securityHeaders());
  // Before the shutdown gate: a draining node still says it is alive, and not ready.
  web.use(healthRouter(store, lifecycle));
  web.use((_request, response, next) => {
    if (lifecycle.closing) {
      response.set("connection", "close");
      response.status(503).json({
        error: { code: "unavailable", message: "The server is shutting down; try again once it is back" },
      } satisfies ErrorBody);
      return;
    }
    // A request under way (a sign-up writes) finishes before the store closes.
    void lifecycle.track(new Promise((resolve) => response.once("close", resolve)));
    next();
  });
  web.use(
    authRouter({
      store,
      sessions,
      limits,
      io,
      allowedOrigins: config.allowedOrigins,
      onAccountCreated: (user) => welcomeToGeneral(realtime, user),
    }),
  );
  web.use("/api", (_request, response) => {
    response.status(404).json({ error: { code: "not_found", message: "No such API route" } } satisfies ErrorBody);
  });
  const webApp = webAppRouter(config.webRoot);
  if (webApp) web.use(webApp);
  web.use(apiErrorHandler((error) => logger.error({ err: error }, "API request failed")));

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
    close() {
      closing ??= shutDown();
      return closing;
    },
  };

  async function shutDown(): Promise<void> {
    // No new connections (the engine refuses them too, see allowRequest)...
    http.close();
    // ...no new requests, no presence news (every client asks again once it is back)...
    lifecycle.beginClosing();
    presenceBatch.close();
    // ...and every client knows why, so it reconnects rather than reports an error.
    io.emit("server:closing", { reason: "shutdown" });
    // Writes in flight finish and are acknowledged before anyone is disconnected.
    await lifecycle.drain();
    await closeConnections();
    // A client that does not close its side within the grace is cut off.
    const cutOff = setTimeout(() => {
      const count = openConnections.destroyAll();
      if (count > 0) logger.warn({ connections: count, graceMs: SHUTDOWN_LINGER_MS }, "cut off connections left open");
    }, SHUTDOWN_LINGER_MS);
    // Disconnecting announces nothing in the rooms (no "left" messages), and
    // recovery does not keep the state of sockets the server closes itself.
    // It resolves once every TCP connection has ended.
    await io.close();
    clearTimeout(cutOff);
    await store.close();
  }

  /**
   * Closes each client's connection once what was written to it (the last
   * acks) is sent: io.close() alone discards an unsent buffer. The transport
   * is closed without a Socket.IO disconnect packet, which a client takes as
   * "do not reconnect"; this way it reconnects as after any dropped connection.
   */
  async function closeConnections(): Promise<void> {
    const connections = [...io.of("/").sockets.values()].map((socket) => socket.conn);
    await Promise.all(
      connections.map(
        (connection) =>
          new Promise<void>((resolve) => {
            if (connection.readyState === "closed") return resolve();
            connection.once("close", () => resolve());
            connection.close();
          }),
      ),
    );
  }
}
