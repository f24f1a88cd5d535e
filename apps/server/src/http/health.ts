import { PROTOCOL_VERSION } from "@parley/protocol";
import { Router } from "express";
import type { Store } from "../store/store.js";

/** For load balancers and orchestrators: 200 while the store answers, 503 otherwise. */
export function healthRouter(store: Store): Router {
  return Router().get("/healthz", async (_request, response) => {
    try {
      await store.ping();
      response.json({ status: "ok", protocolVersion: PROTOCOL_VERSION });
    } catch {
      response.status(503).json({ status: "unavailable", protocolVersion: PROTOCOL_VERSION });
    }
  });
}
