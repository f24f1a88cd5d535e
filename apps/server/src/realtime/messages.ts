import {
  err,
  ok,
  type MessageId,
  type MessagePage,
  type MessageSendPayload,
  type Result,
  type RoomId,
  type RoomMessage,
  type UserMessage,
} from "@parley/protocol";
import { ClientIdTaken } from "../store/store.js";
import { access } from "./access.js";
import type { RequestHandlers } from "./boundary.js";
import type { ParleySocket, RealtimeContext } from "./context.js";
import { mentionsIn } from "./mentions.js";
import { announce } from "./rooms.js";
import { takeTurn, type Turn } from "./send-order.js";

const GONE = "There is no such message, or you cannot see it";

/**
 * The message, if the user may act on it as `need` says. Someone who may not
 * see its room learns nothing, not even that it exists.
 */
async function reach(
  ctx: RealtimeContext,
  socket: ParleySocket,
  messageId: MessageId,
  need: "read" | "write",
  authorOnly: boolean,
): Promise<Result<UserMessage>> {
  const message = await ctx.store.findMessage(messageId);
  if (!message) return err("not_found", GONE);
  const room = await access(ctx, socket, message.roomId, need);
  if (!room.ok) return room;
  if (authorOnly && message.author !== socket.data.user.username)
    return err("forbidden", "Only its author may do this");
  if (message.deleted) return err("not_found", "That message was deleted");
  return ok(message);
}

function updated(ctx: RealtimeContext, message: UserMessage): void {
  ctx.io.to(message.roomId).emit("message:updated", message);
}

/**
 * The answer to a send whose clientId the author already used: the original
 * message, as stored, if this is a retry of it. Nothing is broadcast again.
 */
function replay(original: UserMessage, send: MessageSendPayload): Result<UserMessage> {
  const sameText =
    // Once edited or deleted, its text no longer tells; place and thread still do.
    original.editedAt !== null || original.deleted || original.text === send.text;
  if (original.roomId === send.roomId && original.threadId === (send.threadId ?? null) && sameText) {
    return ok(original);
  }
  return err("conflict", "This clientId was already used for a different message");
}

/** Why this send may not be stored (no such room or thread, not a member), or null. */
async function refusalOfSend(
  ctx: RealtimeContext,
  socket: ParleySocket,
  { roomId, threadId }: MessageSendPayload,
): Promise<Result<never> | null> {
  const room = await access(ctx, socket, roomId, "write");
  if (!room.ok) return room;
  if (threadId !== undefined) {
    const parent = await ctx.store.findMessage(threadId);
    if (!parent || parent.roomId !== roomId || parent.deleted) return err("not_found", GONE);
    // Threads are one level deep: a reply to a reply goes in the same thread.
    if (parent.threadId !== null) return err("invalid_payload", "Reply in the thread of the message it answers");
  }
  return null;
}

/** A send, checked and stored once the socket's earlier sends are (see send-order.ts). */
async function storeSend(
  ctx: RealtimeContext,
  socket: ParleySocket,
  send: MessageSendPayload,
  turn: Turn,
): Promise<Result<RoomMessage>> {
  const { user } = socket.data;
  const { clientId, roomId, text, threadId } = send;
  const refusal = await refusalOfSend(ctx, socket, send);
  if (refusal) {
    // A retry is answered with its original (as it is now), whatever
    // changed since: the message is stored and is the author's. Looked up
    // only here; on the usual path the unique index tells (below).
    const earlier = await ctx.store.findByClientId(user.username, clientId);
    return earlier ? replay(earlier, send) : refusal;
  }
  const mentions = await mentionsIn(ctx, text);
  await turn.ready;
  let message;
  try {
    // Stored before it is broadcast or acknowledged: an ack means it is durable.
    const stored = announce(ctx, {
      kind: "user",
      roomId,
      author: user.username,
      clientId,
      text,
      threadId: threadId ?? null,
      mentions,
    });
    // Handed to the store (announce's first step runs at once): the next send may go.
    turn.done();
    message = await stored;
  } catch (error) {
    // This clientId was used before: a retry, or one that raced its original.
    if (!(error instanceof ClientIdTaken)) throw error;
    const original = await ctx.store.findByClientId(user.username, clientId);
    if (!original) throw error;
    return replay(original, send);
  }
  if (threadId !== undefined) {
    const parent = await ctx.store.findMessage(threadId);
    if (parent) updated(ctx, parent);
  }
  return ok(message);
}

export const messageRequests: RequestHandlers = {
  "message:send": async (ctx, socket, send) => {
    const turn = takeTurn(socket);
    try {
      return await storeSend(ctx, socket, send, turn);
    } finally {
      turn.done();
    }
  },

  "message:edit": async (ctx, socket, { messageId, text }) => {
    const found = await reach(ctx, socket, messageId, "write", true);
    if (!found.ok) return found;
    const message = await ctx.store.editMessage(messageId, text, await mentionsIn(ctx, text));
    updated(ctx, message);
    return ok(message);
  },

  "message:delete": async (ctx, socket, { messageId }) => {
    const found = await reach(ctx, socket, messageId, "write", true);
    if (!found.ok) return found;
    const message = await ctx.store.deleteMessage(messageId);
    updated(ctx, message);
    return ok(message);
  },

  "message:react": async (ctx, socket, { messageId, emoji }) => {
    const found = await reach(ctx, socket, messageId, "write", false);
    if (!found.ok) return found;
    const message = await ctx.store.toggleReaction(messageId, socket.data.user.id, emoji);
    updated(ctx, message);
    return ok(message);
  },

  "message:list": async (ctx, socket, { roomId, threadId, before, after, around, limit }) => {
    const room = await access(ctx, socket, roomId, "read");
    if (!room.ok) return room;
    if (threadId !== undefined) {
      const parent = await ctx.store.findMessage(threadId);
      if (parent?.roomId !== roomId) return err("not_found", GONE);
    }
    if (around !== undefined) return pageAround(ctx, roomId, threadId ?? null, around, limit);
    const page = await ctx.store.listMessages({ roomId, threadId: threadId ?? null, before, after, limit });
    return ok({ roomId, threadId: threadId ?? null, ...page });
  },
};

/**
 * The page with the message in its middle: it and the older half, then the
 * newer half. The message must be of this timeline (the room's main one, or
 * the thread asked for), or there is no such page.
 */
async function pageAround(
  ctx: RealtimeContext,
  roomId: RoomId,
  threadId: MessageId | null,
  around: MessageId,
  limit: number,
): Promise<Result<MessagePage>> {
  const anchor = await ctx.store.findMessage(around);
  if (anchor?.roomId !== roomId || anchor.threadId !== threadId) return err("not_found", GONE);
  const olderLimit = Math.ceil(limit / 2);
  const older = await ctx.store.listMessages({ roomId, threadId, before: anchor.seq + 1, limit: olderLimit });
  // At least one newer is looked for, so that a page of one still says whether more follow.
  const newer = await ctx.store.listMessages({
    roomId,
    threadId,
    after: anchor.seq,
    limit: Math.max(1, limit - olderLimit),
  });
  const newerShown = limit > olderLimit ? newer.messages : [];
  return ok({
    roomId,
    threadId,
    messages: [...older.messages, ...newerShown],
    hasMore: older.hasMore,
    hasNewer: newer.hasMore || newer.messages.length > newerShown.length,
  });
}
