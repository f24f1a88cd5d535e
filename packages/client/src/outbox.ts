import { MessageSendPayload, ProtocolError, type ErrorCode, type MessageId, type RoomId } from "@parley/protocol";
import { v7 as timeOrderedUuid } from "uuid";

/**
 * A message the user sent that the server has not confirmed yet: `pending`
 * while it is being (re)tried, `failed` once the server refused it for good
 * (see `error`); the user then retries or discards it.
 */
export interface OutboxEntry {
  /** Chosen before the first try and kept for every retry: the server stores the message once. */
  readonly clientId: MessageId;
  readonly roomId: RoomId;
  readonly text: string;
  /** The thread it replies in; null in the room's main timeline. */
  readonly threadId: MessageId | null;
  readonly createdAt: number;
  /** How many tries went out. */
  readonly attempts: number;
  readonly state: "pending" | "failed";
  /**
   * Why the last try did not go through; null before the first answer. While
   * the entry is pending, `rate_limited` means the outbox is pacing itself:
   * it sends again after `error.retryAfterMs`, which an app may use to say
   * "sending slowly" when the wait is more than a moment.
   */
  readonly error: ProtocolError | null;
}

/** Where the outbox survives a reload or a restart. Both calls are synchronous and must not throw. */
export interface OutboxStorage {
  load(): OutboxEntry[];
  save(entries: readonly OutboxEntry[]): void;
}

/** Kept in memory only: what Node gets by default (see `fileOutbox` in `@parley/client/node`). */
export function memoryOutbox(initial: readonly OutboxEntry[] = []): OutboxStorage {
  let saved = [...initial];
  return {
    load: () => [...saved],
    save(entries) {
      saved = [...entries];
    },
  };
}

/** In the browser's localStorage under `key`: give each user a key of their own. */
export function localStorageOutbox(key: string): OutboxStorage {
  return {
    load() {
      try {
        return parseOutbox(JSON.parse(localStorage.getItem(key) ?? "[]"));
      } catch {
        return [];
      }
    },
    save(entries) {
      try {
        if (entries.length === 0) localStorage.removeItem(key);
        else localStorage.setItem(key, JSON.stringify(entries));
      } catch {
        // Storage full or disabled (private mode): the outbox still works for this page's lifetime.
      }
    },
  };
}

/** What storage held, keeping only well-formed entries: it may have been written by an older version. */
export function parseOutbox(value: unknown): OutboxEntry[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown): OutboxEntry[] => {
    if (typeof item !== "object" || item === null) return [];
    const entry = item as Record<string, unknown>;
    const payload = MessageSendPayload.safeParse({
      clientId: entry.clientId,
      roomId: entry.roomId,
      text: entry.text,
      ...(typeof entry.threadId === "string" ? { threadId: entry.threadId } : {}),
    });
    const error = entry.error === null || entry.error === undefined ? null : ProtocolError.safeParse(entry.error).data;
    if (!payload.success || error === undefined) return [];
    if (typeof entry.createdAt !== "number" || typeof entry.attempts !== "number") return [];
    if (entry.state !== "pending" && entry.state !== "failed") return [];
    const { clientId, roomId, text, threadId } = payload.data;
    return [
      {
        clientId,
        roomId,
        text,
        threadId: threadId ?? null,
        createdAt: entry.createdAt,
        attempts: entry.attempts,
        state: entry.state,
        error,
      },
    ];
  });
}

/**
 * A new clientId: a time-ordered (v7) UUID, random past its timestamp. The
 * server keeps an index of every author's clientIds; ids that sort in the
 * order they were made land next to each other in it, where random ones
 * would each dirty a page of their own. `uuid` draws on `getRandomValues`,
 * which exists everywhere (`crypto.randomUUID` only in secure contexts).
 */
export function randomClientId(): MessageId {
  return timeOrderedUuid();
}

/** Will trying the same message again later help? */
export function isTransient(code: ErrorCode): boolean {
  switch (code) {
    case "timeout":
    case "unreachable":
    case "unavailable":
    case "rate_limited":
    case "internal":
      return true;
    case "invalid_payload":
    case "forbidden":
    case "not_found":
    case "conflict":
    case "unauthorized":
    case "invalid_handshake":
    case "unsupported_version":
    case "invalid_credentials":
    case "username_taken":
    case "forbidden_origin":
      return false;
  }
}

export const RETRY_BASE_MS = 500;
export const RETRY_MAX_MS = 30_000;

/**
 * How long to wait before try number `attempts + 1`: doubling from
 * RETRY_BASE_MS up to RETRY_MAX_MS, of which a random half (the jitter)
 * spreads out the clients a restart disconnected all at once.
 */
export function retryDelay(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
