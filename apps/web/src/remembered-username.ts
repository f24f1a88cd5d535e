import { Username } from "@parley/protocol";
import { readItem, removeItem, writeItem } from "./browser-storage.js";

const STORAGE_KEY = "parley.username";

/** The name this browser last joined with, so that a reload rejoins by itself. */
export function loadUsername(): Username | null {
  const parsed = Username.safeParse(readItem(STORAGE_KEY));
  return parsed.success ? parsed.data : null;
}

export function rememberUsername(username: Username): void {
  writeItem(STORAGE_KEY, username);
}

export function forgetUsername(): void {
  removeItem(STORAGE_KEY);
}
