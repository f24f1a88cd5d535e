import type { ChatState, ParleyClient } from "@parley/client";
import { useSyncExternalStore } from "react";

const subscribeToNothing = () => () => {};
const noState = () => null;

/** The client's chat state, re-rendering on every change; null without a client. */
export function useChat(client: ParleyClient | null): ChatState | null {
  return useSyncExternalStore<ChatState | null>(
    client?.subscribe ?? subscribeToNothing,
    client?.getSnapshot ?? noState,
  );
}
