import { PROTOCOL_VERSION } from "@parley/protocol";
import { Router } from "express";
import type { Lifecycle } from "../lifecycle.js";
import type { Store } from "../store/store.js";

/**
 * For load balancers and orchestrators.
 *
 * - `/healthz`: the process is alive and serving HTTP. Always 200: a database
 *   that is down is not cured by restarting Parley.
 * - `/readyz`: this node may take traffic: the store answers and the node is
 *   not shutting down. 503 otherwise, with the reason.
 */
export function healthRouter(store: Store, lifecycle: Pick<Lifecycle, "closing">): Router {
  return Router()
    .get("/healthz", (_request, response) => {
      response.json({ status: "ok", protocolVersion: PROTOCOL_VERSION });
    })
    .get("/readyz", async (_request, response) => {
      const reason = lifecycle.closing
        ? "draining"
        : await store.ping().then(
            () => null,
            () => "database unavailable",
          );
      response.set("cache-control", "no-store");
      if (reason === null) response.json({ status: "ready", protocolVersion: PROTOCOL_VERSION });
      else response.status(503).json({ status: "not ready", reason, protocolVersion: PROTOCOL_VERSION });
    });
}
