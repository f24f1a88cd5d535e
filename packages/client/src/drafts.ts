import type { MessageId, RoomId } from "@parley/protocol";

/**
 * Where what someone typed but has not sent survives a room switch and a
 * reload: one text per room, and one per thread. Both calls are synchronous
 * (a composer saves on every keystroke) and must not throw.
 */
export interface DraftStorage {
  /** The text kept under `key`; "" when there is none. */
  load(key: string): string;
  /** Keeps `text` under `key`; "" forgets the key. */
  save(key: string, text: string): void;
}

/** The key of the draft for a room's composer, or for a thread's when `threadId` is given. */
export function draftKey(roomId: RoomId, threadId?: MessageId | null): string {
  return threadId === undefined || threadId === null ? roomId : `${roomId}/${threadId}`;
}

/** Kept in memory only: for as long as the client lives. */
export function memoryDrafts(): DraftStorage {
  const drafts = new Map<string, string>();
  return {
    load: (key) => drafts.get(key) ?? "",
    save(key, text) {
      if (text === "") drafts.delete(key);
      else drafts.set(key, text);
    },
  };
}

/**
 * In the browser's localStorage, one entry per draft under `${prefix}:${key}`:
 * give each user a prefix of their own. One entry per draft, not one for all,
 * so two tabs typing in different rooms never overwrite each other's drafts.
 *
 * When storage is full or disabled (private mode, blocked site data), a draft
 * is kept in memory instead, so it still survives a room switch; only a
 * reload loses it.
 */
export function localStorageDrafts(prefix: string): DraftStorage {
  const unsaved = memoryDrafts();
  const unsavedKeys = new Set<string>();
  return {
    load(key) {
      if (unsavedKeys.has(key)) return unsaved.load(key);
      try {
        return localStorage.getItem(`${prefix}:${key}`) ?? "";
      } catch {
        return "";
      }
    },
    save(key, text) {
      try {
        if (text === "") localStorage.removeItem(`${prefix}:${key}`);
        else localStorage.setItem(`${prefix}:${key}`, text);
        unsavedKeys.delete(key);
        unsaved.save(key, "");
      } catch {
        unsavedKeys.add(key);
        unsaved.save(key, text);
      }
    },
  };
}
