import type { PrivateMessage, RoomMessage, SystemMessage, Username } from "@parley/protocol";
import { formatDay, startOfDay } from "./format-time.js";

/** One row of a message list, ready to render. */
export type TimelineEntry =
  | { type: "day"; key: string; label: string }
  | {
      type: "message";
      key: string;
      kind: "user" | "private";
      author: Username;
      text: string;
      createdAt: number;
      own: boolean;
    }
  | { type: "system"; key: string; text: string; createdAt: number };

type TimedEntry = Exclude<TimelineEntry, { type: "day" }>;

/** How a client words what the server reports; the protocol carries the event, not prose. */
export function describeSystemMessage(message: Pick<SystemMessage, "event" | "user">): string {
  switch (message.event) {
    case "joined":
      return `${message.user} joined`;
    case "left":
      return `${message.user} left`;
  }
}

export function roomTimeline(messages: readonly RoomMessage[], self: Username, now: number): TimelineEntry[] {
  return withDays(
    messages.map((message): TimedEntry => {
      switch (message.kind) {
        case "user":
          return {
            type: "message",
            key: message.id,
            kind: "user",
            author: message.author,
            text: message.text,
            createdAt: message.createdAt,
            own: message.author === self,
          };
        case "system":
          return {
            type: "system",
            key: message.id,
            text: describeSystemMessage(message),
            createdAt: message.createdAt,
          };
      }
    }),
    now,
  );
}

export function privateTimeline(messages: readonly PrivateMessage[], self: Username, now: number): TimelineEntry[] {
  return withDays(
    messages.map((message): TimedEntry => ({
      type: "message",
      key: message.id,
      kind: "private",
      author: message.from,
      text: message.text,
      createdAt: message.createdAt,
      own: message.from === self,
    })),
    now,
  );
}

/** Puts a day heading before the first entry of each calendar day. */
function withDays(entries: readonly TimedEntry[], now: number): TimelineEntry[] {
  const rows: TimelineEntry[] = [];
  let currentDay: number | undefined;
  for (const entry of entries) {
    const day = startOfDay(entry.createdAt);
    if (day !== currentDay) {
      currentDay = day;
      rows.push({ type: "day", key: `day:${day}`, label: formatDay(entry.createdAt, now) });
    }
    rows.push(entry);
  }
  return rows;
}
