import { err, ok, type MessageId, type MessageSendPayload, type Result, type UserMessage } from "@parley/protocol";
import { ClientIdTaken } from "../store/store.js";
import { access } from "./access.js";
import { handle } from "./boundary.js";
import type { ParleySocket, RealtimeContext } from "./context.js";
import { mentionsIn } from "./mentions.js";
import { announce } from "./rooms.js";

const GONE = "There is no such message, or you cannot see it";

export function registerMessages(ctx: RealtimeContext, socket: ParleySocket): void {
  const { user } = socket.data;

  /**
   * The message, if the user may act on it as `need` says. Someone who may not
   * see its room learns nothing, not even that it exists.
   */
  async function reach(
    messageId: MessageId,
    need: "read" | "write",
    authorOnly: boolean,
  ): Promise<Result<UserMessage>> {
    const message = await ctx.store.findMessage(messageId);
    if (!message) return err("not_found", GONE);
    const room = await access(ctx, socket, message.roomId, need);
    if (!room.ok) return room;
    if (authorOnly && message.author !== user.username) return err("forbidden", "Only its author may do this");
    if (message.deleted) return err("not_found", "That message was deleted");
    return ok(message);
  }

  function updated(message: UserMessage): void {
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

  handle(ctx, socket, "message:send", async (send) => {
    const { clientId, roomId, text, threadId } = send;
    // A retry is answered with its original (as it is now), before any other
    // check: the message is stored and is the author's, whatever changed since.
    const earlier = await ctx.store.findByClientId(user.username, clientId);
    if (earlier) return replay(earlier, send);
    const room = await access(ctx, socket, roomId, "write");
    if (!room.ok) return room;
    if (threadId !== undefined) {
      const parent = await ctx.store.findMessage(threadId);
      if (!parent || parent.roomId !== roomId || parent.deleted) return err("not_found", GONE);
      // Threads are one level deep: a reply to a reply goes in the same thread.
      if (parent.threadId !== null) return err("invalid_payload", "Reply in the thread of the message it answers");
    }
    const mentions = await mentionsIn(ctx, text);
    let message;
    try {
      // Stored before it is broadcast or acknowledged: an ack means it is durable.
      message = await announce(ctx, {
        kind: "user",
        roomId,
        author: user.username,
        clientId,
        text,
        threadId: threadId ?? null,
        mentions,
      });
    } catch (error) {
      // A retry that raced its original past the lookup above: the original won.
      if (!(error instanceof ClientIdTaken)) throw error;
      const original = await ctx.store.findByClientId(user.username, clientId);
      if (!original) throw error;
      return replay(original, send);
    }
    if (threadId !== undefined) {
      const parent = await ctx.store.findMessage(threadId);
      if (parent) updated(parent);
    }
    return ok(message);
  });

  handle(ctx, socket, "message:edit", async ({ messageId, text }) => {
    const found = await reach(messageId, "write", true);
    if (!found.ok) return found;
    const message = await ctx.store.editMessage(messageId, text, await mentionsIn(ctx, text));
    updated(message);
    return ok(message);
  });

  handle(ctx, socket, "message:delete", async ({ messageId }) => {
    const found = await reach(messageId, "write", true);
    if (!found.ok) return found;
    const message = await ctx.store.deleteMessage(messageId);
    updated(message);
    return ok(message);
  });

  handle(ctx, socket, "message:react", async ({ messageId, emoji }) => {
    const found = await reach(messageId, "write", false);
    if (!found.ok) return found;
    const message = await ctx.store.toggleReaction(messageId, user.id, emoji);
    updated(message);
    return ok(message);
  });

  handle(ctx, socket, "message:list", async ({ roomId, threadId, before, after, limit }) => {
    const room = await access(ctx, socket, roomId, "read");
    if (!room.ok) return room;
    if (threadId !== undefined) {
      const parent = await ctx.store.findMessage(threadId);
      if (parent?.roomId !== roomId) return err("not_found", GONE);
    }
    const page = await ctx.store.listMessages({ roomId, threadId: threadId ?? null, before, after, limit });
    return ok({ roomId, threadId: threadId ?? null, ...page });
  });
}
