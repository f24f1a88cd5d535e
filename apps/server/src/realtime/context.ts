import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "@parley/protocol";
import type { Server, Socket } from "socket.io";
import type { Lifecycle } from "../lifecycle.js";
import type { Logger } from "../logger.js";
import type { Store } from "../store/store.js";
import type { PresenceRegistry } from "./presence-registry.js";

export type ParleyServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** What every realtime handler may use; built once in createApp. */
export interface RealtimeContext {
  io: ParleyServer;
  store: Store;
  presence: PresenceRegistry;
  lifecycle: Lifecycle;
  logger: Logger;
}
