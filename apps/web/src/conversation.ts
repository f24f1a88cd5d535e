import { DEFAULT_ROOM_ID, type RoomId, type Username } from "@parley/protocol";

/** What the main pane shows: a room, or the private conversation with one person. */
export type Conversation = { type: "room"; roomId: RoomId } | { type: "private"; peer: Username };

export const GENERAL: Conversation = { type: "room", roomId: DEFAULT_ROOM_ID };

/** A stable string for React keys and bookkeeping; room ids cannot contain ':'. */
export function conversationKey(conversation: Conversation): string {
  switch (conversation.type) {
    case "room":
      return `room:${conversation.roomId}`;
    case "private":
      return `private:${conversation.peer}`;
  }
}

/** "#general" or "@bob", as the conversation is named in headings and placeholders. */
export function conversationTitle(conversation: Conversation): string {
  switch (conversation.type) {
    case "room":
      return `#${conversation.roomId}`;
    case "private":
      return `@${conversation.peer}`;
  }
}

export function sameConversation(a: Conversation, b: Conversation): boolean {
  return conversationKey(a) === conversationKey(b);
}

/**
 * The people one has a private conversation with, most recent first. The one
 * just opened comes first while it is still empty.
 */
export function privatePeers(
  chats: Readonly<Record<Username, readonly { createdAt: number }[]>>,
  opened: Username | null,
): Username[] {
  const lastActivity = (peer: Username) => chats[peer]?.at(-1)?.createdAt ?? Number.POSITIVE_INFINITY;
  const peers = new Set(Object.keys(chats));
  if (opened !== null) peers.add(opened);
  return [...peers].sort((a, b) => lastActivity(b) - lastActivity(a) || a.localeCompare(b));
}
