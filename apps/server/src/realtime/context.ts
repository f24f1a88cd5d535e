import type { IncomingMessage } from "node:http";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "@parley/protocol";
import type { Server, Socket } from "socket.io";
import type { Sessions } from "../auth/sessions.js";
import type { Lifecycle } from "../lifecycle.js";
import type { RateLimiters } from "../limits/rate-limits.js";
import type { Logger } from "../logger.js";
import type { Store } from "../store/store.js";
import type { MessageBatch } from "./message-batch.js";
import type { PresenceBatch } from "./presence-batch.js";
import type { PresenceRegistry } from "./presence-registry.js";

export type ParleyServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** What every realtime handler may use; built once in createApp. */
export interface RealtimeContext {
  io: ParleyServer;
  store: Store;
  presence: PresenceRegistry;
  /** Where stored messages go, to be broadcast with the others of their turn (`message:created`). */
  newMessages: MessageBatch;
  /** Where presence changes go, to be broadcast together (`presence:changed`). */
  presenceBatch: PresenceBatch;
  sessions: Sessions;
  limits: RateLimiters;
  /** The client's address, through trusted proxies (TRUST_PROXY) as Express sees it. */
  clientAddress: (request: IncomingMessage) => string;
  lifecycle: Lifecycle;
  logger: Logger;
}
