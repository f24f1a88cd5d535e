import { z } from "zod";
import { MessageId, RoomId, Sequence, SequenceCursor, Timestamp } from "./ids.js";
import { text } from "./text.js";
import { Username } from "./users.js";

/** Counted in UTF-16 code units, as JavaScript strings count. */
export const MESSAGE_MAX_LENGTH = 4000;

/** How many messages one page of history holds at most, and by default. */
export const HISTORY_LIMIT = 50;

/** Nothing a reader would see: spaces, invisible format and control characters, blank glyphs. */
const invisible = /^[\p{White_Space}\p{Cf}\p{Cc}\u2800\u3164\u115F\u1160\uFFA0]*$/u;

/** Stored and sent exactly as typed: never trimmed, never interpreted as HTML. */
export const MessageText = text(MESSAGE_MAX_LENGTH, "A message")
  .refine((value) => value.length > 0, "A message cannot be empty")
  .refine((value) => !invisible.test(value), "A message cannot be blank");

/** One emoji (or a short :shortcode:), as the reaction picker sends it. */
export const Emoji = text(32, "A reaction")
  .refine((value) => value.length > 0 && !invisible.test(value), "A reaction cannot be blank")
  .refine((value) => !/\s/u.test(value), "A reaction has no spaces");

export const Reaction = z.object({
  emoji: z.string(),
  /** Who reacted, in the order they did; its length is the count. */
  users: z.array(Username),
});
export type Reaction = z.infer<typeof Reaction>;

const roomMessageFields = {
  id: MessageId,
  roomId: RoomId,
  seq: Sequence,
  createdAt: Timestamp,
};

/** Something a person wrote in a room, or in a thread under one of its messages. */
export const UserMessage = z.object({
  kind: z.literal("user"),
  ...roomMessageFields,
  author: Username,
  /** The sender's id for it (see MessageSendPayload), so a sender can match its outbox. */
  clientId: MessageId.nullable(),
  /** Empty once deleted. */
  text: z.string(),
  /** The message this one replies to, in its thread; null in the room's main timeline. */
  threadId: MessageId.nullable(),
  /** How many replies its thread holds (always 0 for a reply). */
  replyCount: z.number().int().nonnegative(),
  /** When the author last edited it; null if never. */
  editedAt: Timestamp.nullable(),
  /** A deleted message stays as a tombstone, so threads and sequences hold. */
  deleted: z.boolean(),
  reactions: z.array(Reaction),
  /** The people it @mentions. */
  mentions: z.array(Username),
});
export type UserMessage = z.infer<typeof UserMessage>;

const systemMessageFields = {
  kind: z.literal("system"),
  ...roomMessageFields,
  /** Who joined, left, created, renamed or set the topic. */
  user: Username,
};

/**
 * Something that happened in a room, told by the server ("alice joined",
 * "alice renamed #ideas to #design"). It carries the event and its facts, not
 * prose, so each client words it in its own way. Names and topics are as
 * stored (checked when they were set), so outbound they are plain strings.
 */
export const SystemMessage = z.discriminatedUnion("event", [
  z.object({ ...systemMessageFields, event: z.enum(["joined", "left"]) }),
  /** The channel was created, by `user`, with this name. */
  z.object({ ...systemMessageFields, event: z.literal("created"), name: z.string() }),
  /** The channel's owner renamed it. */
  z.object({ ...systemMessageFields, event: z.literal("renamed"), from: z.string(), to: z.string() }),
  /** The channel's owner set its topic; empty when they cleared it. */
  z.object({ ...systemMessageFields, event: z.literal("topic_changed"), topic: z.string() }),
]);
export type SystemMessage = z.infer<typeof SystemMessage>;

export const RoomMessage = z.discriminatedUnion("kind", [UserMessage, SystemMessage]);
export type RoomMessage = z.infer<typeof RoomMessage>;

/**
 * A user message as `message:created` carries it. A new message has no
 * replies, edits or reactions, and most are in no thread and mention no one:
 * fields at those values are left out, as protobuf leaves out defaults.
 * `fullMessage` puts them back. A third fewer bytes for every member of the
 * room to receive and parse, which is what fan-out to a big room costs.
 */
export const LeanUserMessage = UserMessage.partial({
  threadId: true,
  replyCount: true,
  editedAt: true,
  deleted: true,
  reactions: true,
  mentions: true,
});
export type LeanUserMessage = z.infer<typeof LeanUserMessage>;

export const LeanRoomMessage = z.discriminatedUnion("kind", [LeanUserMessage, SystemMessage]);
export type LeanRoomMessage = z.infer<typeof LeanRoomMessage>;

/** The message without the fields that are at their defaults (see LeanUserMessage). */
export function leanMessage(message: RoomMessage): LeanRoomMessage {
  if (message.kind === "system") return message;
  const { threadId, replyCount, editedAt, deleted, reactions, mentions, ...always } = message;
  return {
    ...always,
    ...(threadId === null ? {} : { threadId }),
    ...(replyCount === 0 ? {} : { replyCount }),
    ...(editedAt === null ? {} : { editedAt }),
    ...(deleted ? { deleted } : {}),
    ...(reactions.length === 0 ? {} : { reactions }),
    ...(mentions.length === 0 ? {} : { mentions }),
  };
}

/** The whole message: what `leanMessage` left out, put back. */
export function fullMessage(message: LeanRoomMessage): RoomMessage {
  if (message.kind === "system") return message;
  return { threadId: null, replyCount: 0, editedAt: null, deleted: false, reactions: [], mentions: [], ...message };
}

/**
 * New messages in one room, oldest first, lean (see LeanUserMessage).
 * Messages stored together go out together: when a room is quiet that is
 * one, under load it is many, and one packet then carries what would have
 * been a packet each. (Parley's server sends a quiet room's message at once,
 * and a busy room's at most one packet per 10 ms.)
 */
export const NewMessages = z.object({
  messages: z.array(LeanRoomMessage).min(1),
});
export type NewMessages = z.infer<typeof NewMessages>;

export const MessageSendPayload = z.strictObject({
  /**
   * Chosen by the sender (a random UUID) before the first try, and kept for
   * every retry: the server stores a message once per author and clientId, so
   * a retry answers the original message and broadcasts nothing again.
   */
  clientId: MessageId,
  roomId: RoomId,
  text: MessageText,
  /** Reply in this message's thread. */
  threadId: MessageId.optional(),
});
export type MessageSendPayload = z.input<typeof MessageSendPayload>;

export const MessageEditPayload = z.strictObject({ messageId: MessageId, text: MessageText });
export type MessageEditPayload = z.input<typeof MessageEditPayload>;

export const MessageRef = z.strictObject({ messageId: MessageId });
export type MessageRef = z.input<typeof MessageRef>;

export const MessageReactPayload = z.strictObject({ messageId: MessageId, emoji: Emoji });
export type MessageReactPayload = z.input<typeof MessageReactPayload>;

/**
 * A page of history by sequence number: the newest `limit` messages before
 * `before` (or the newest of all), or the oldest `limit` after `after`.
 * With `threadId`, the thread's replies; otherwise the main timeline.
 * With `around` (a message of that timeline), the page that holds it in its
 * middle, however far back: what a link to a message opens.
 */
export const MessageListPayload = z
  .strictObject({
    roomId: RoomId,
    before: SequenceCursor.optional(),
    after: SequenceCursor.optional(),
    around: MessageId.optional(),
    limit: z.number().int().min(1).max(HISTORY_LIMIT).default(HISTORY_LIMIT),
    threadId: MessageId.optional(),
  })
  .refine(
    (page) => [page.before, page.after, page.around].filter((cursor) => cursor !== undefined).length <= 1,
    "Give one of before, after and around, not more",
  );
export type MessageListPayload = z.input<typeof MessageListPayload>;

/** A page of history, oldest first. */
export const MessagePage = z.object({
  roomId: RoomId,
  threadId: MessageId.nullable(),
  messages: z.array(RoomMessage),
  /** Are there more in the direction asked for? For `around`: older ones. */
  hasMore: z.boolean(),
  /** Only in the answer to `around`: are there newer ones than the page? */
  hasNewer: z.boolean().optional(),
});
export type MessagePage = z.infer<typeof MessagePage>;
