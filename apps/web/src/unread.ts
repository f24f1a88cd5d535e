import type { PrivateMessage, RoomMessage, Username } from "@parley/protocol";

type ConversationMessage = RoomMessage | PrivateMessage;

/** Who wrote it; null for what the server announces. */
function senderOf(message: ConversationMessage): Username | null {
  if ("kind" in message) return message.kind === "user" ? message.author : null;
  return message.from;
}

/** The newest message's time, 0 for none: what "read up to here" records. */
export function newestAt(messages: readonly ConversationMessage[]): number {
  return messages.reduce((newest, message) => Math.max(newest, message.createdAt), 0);
}

/** Messages other people wrote after `seenUntil`; announcements and one's own do not count. */
export function countUnread(messages: readonly ConversationMessage[], self: Username, seenUntil: number): number {
  return messages.filter((message) => {
    const sender = senderOf(message);
    return sender !== null && sender !== self && message.createdAt > seenUntil;
  }).length;
}
