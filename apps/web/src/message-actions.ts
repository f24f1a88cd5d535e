import type { MessageId, Result, UserMessage } from "@parley/protocol";

/** What a message's toolbar can do; the chat screen wires it to the client. */
export interface MessageActions {
  react(messageId: MessageId, emoji: string): Promise<Result<unknown>>;
  edit(messageId: MessageId, text: string): Promise<Result<unknown>>;
  remove(messageId: MessageId): Promise<Result<unknown>>;
  openThread(messageId: MessageId): void;
  /** Puts the message's address (see route.ts) on the clipboard. */
  copyLink(message: UserMessage): void;
  /** Try an unconfirmed message again now, or drop it (by its clientId). */
  retry(clientId: MessageId): void;
  discard(clientId: MessageId): void;
}

/** The reactions the toolbar offers: a small fixed set, as the protocol takes any emoji. */
export const QUICK_REACTIONS = ["👍", "❤️", "😂", "🎉", "👀"] as const;
