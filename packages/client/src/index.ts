export { createAuthApi, type AuthApi, type AuthApiOptions, type TokenOption } from "./auth-api.js";
export { createParleyClient, type ParleyClient, type ParleyClientOptions, type ParleySocket } from "./client.js";
export type { ChatState, ConnectionState } from "./chat-state.js";
export type { Store } from "./store.js";
