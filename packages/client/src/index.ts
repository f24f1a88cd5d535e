export { createParleyClient, type ParleyClient, type ParleyClientOptions, type ParleySocket } from "./client.js";
export type { ChatState, ConnectionState } from "./chat-state.js";
export { createDeviceKey } from "./device-key.js";
export type { Store } from "./store.js";
