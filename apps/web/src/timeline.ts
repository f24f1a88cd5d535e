import type { OutboxEntry } from "@parley/client";
import type { RoomMessage, SystemMessage, UserMessage, Username } from "@parley/protocol";
import { formatDay, startOfDay } from "./format-time.js";

/** One row of a message list, ready to render. */
export type TimelineEntry =
  | { type: "day"; key: string; label: string }
  | { type: "message"; key: string; message: UserMessage; own: boolean }
  | { type: "system"; key: string; text: string; createdAt: number }
  /** Sent by the user, not yet confirmed by the server: pending or failed. */
  | { type: "outgoing"; key: string; entry: OutboxEntry };

/** How a client words what the server reports; the protocol carries the event, not prose. */
export function describeSystemMessage(message: SystemMessage): string {
  switch (message.event) {
    case "joined":
      return `${message.user} joined`;
    case "left":
      return `${message.user} left`;
    case "created":
      return `${message.user} created #${message.name}`;
    case "renamed":
      return `${message.user} renamed the channel from #${message.from} to #${message.to}`;
    case "topic_changed":
      return message.topic === ""
        ? `${message.user} cleared the topic`
        : `${message.user} set the topic: “${message.topic}”`;
  }
}

/**
 * Rows for a room's (or thread's) messages, with a day heading before the
 * first of each calendar day, and what the user sent that the server has not
 * confirmed yet at the end, where it will land. `after` is when what is shown
 * above these messages was written (a thread's parent): its day needs no heading.
 */
export function buildTimeline(
  messages: readonly RoomMessage[],
  self: Username,
  now: number,
  outgoing: readonly OutboxEntry[] = [],
  after?: number,
): TimelineEntry[] {
  const rows: TimelineEntry[] = [];
  let currentDay: number | undefined = after === undefined ? undefined : startOfDay(after);
  for (const message of messages) {
    const day = startOfDay(message.createdAt);
    if (day !== currentDay) {
      currentDay = day;
      rows.push({ type: "day", key: `day:${day}`, label: formatDay(message.createdAt, now) });
    }
    switch (message.kind) {
      case "user":
        rows.push({ type: "message", key: message.id, message, own: message.author === self });
        break;
      case "system":
        rows.push({
          type: "system",
          key: message.id,
          text: describeSystemMessage(message),
          createdAt: message.createdAt,
        });
        break;
    }
  }
  for (const entry of outgoing) rows.push({ type: "outgoing", key: `outbox:${entry.clientId}`, entry });
  return rows;
}
