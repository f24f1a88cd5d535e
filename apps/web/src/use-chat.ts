import type { ChatState, ParleyClient } from "@parley/client";
import { useSyncExternalStore } from "react";

/** The client's chat state, re-rendering on every change. */
export function useChat(client: ParleyClient): ChatState {
  return useSyncExternalStore(client.subscribe, client.getSnapshot);
}
