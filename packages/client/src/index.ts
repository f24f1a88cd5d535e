export { createAuthApi, type AuthApi, type AuthApiOptions, type TokenOption } from "./auth-api.js";
export {
  PRELOADED_ROOMS,
  TYPING_THROTTLE_MS,
  createParleyClient,
  type ParleyClient,
  type ParleyClientOptions,
  type ParleySocket,
} from "./client.js";
export { presenceOf, type ChatState, type Presence, type ConnectionState, type Timeline } from "./chat-state.js";
export { localStorageDrafts, memoryDrafts, type DraftStorage } from "./drafts.js";
export {
  RETRY_BASE_MS,
  RETRY_MAX_MS,
  localStorageOutbox,
  memoryOutbox,
  randomClientId,
  type OutboxEntry,
  type OutboxStorage,
} from "./outbox.js";
export type { Store } from "./store.js";
