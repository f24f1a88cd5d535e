import { MessageId, RoomId, type RoomSummary } from "@parley/protocol";

/**
 * What the address bar says is open: a room, maybe one of its threads, maybe
 * one message (in the room, or in the thread) to show in context.
 *
 *   /channels/general
 *   /dms/<roomId>
 *   /channels/general/threads/<messageId>
 *   /channels/general/messages/<messageId>
 *   /channels/general/threads/<messageId>/messages/<messageId>
 *
 * `/` is #general. `valid` is false for an address that is none of these.
 */
export interface Route {
  roomId: RoomId | null;
  threadId: MessageId | null;
  messageId: MessageId | null;
  valid: boolean;
}

export const HOME: Route = { roomId: null, threadId: null, messageId: null, valid: true };
const INVALID: Route = { ...HOME, valid: false };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split("/").filter((part) => part !== "");
  if (parts.length === 0) return HOME;
  const [kind, room, ...rest] = parts;
  if ((kind !== "channels" && kind !== "dms") || !RoomId.safeParse(room).success) return INVALID;
  const route: Route = { ...HOME, roomId: room ?? null };
  for (let at = 0; at < rest.length; at += 2) {
    const [name, value] = [rest[at], rest[at + 1]];
    const id = MessageId.safeParse(value);
    if (!id.success) return INVALID;
    if (name === "threads" && at === 0) route.threadId = id.data;
    else if (name === "messages" && at === rest.length - 2) route.messageId = id.data;
    else return INVALID;
  }
  return route;
}

/** The address of a room (a channel or a direct conversation), a thread in it, or a message. */
export function routePath(
  room: Pick<RoomSummary, "id" | "kind">,
  { threadId = null, messageId = null }: { threadId?: MessageId | null; messageId?: MessageId | null } = {},
): string {
  let path = `/${room.kind === "channel" ? "channels" : "dms"}/${encodeURIComponent(room.id)}`;
  if (threadId !== null) path += `/threads/${threadId}`;
  if (messageId !== null) path += `/messages/${messageId}`;
  return path;
}
