import { createDeviceKey } from "@parley/client";
import { readItem, writeItem } from "./browser-storage.js";

const STORAGE_KEY = "parley.deviceKey";

/** Kept for the page's lifetime when localStorage cannot hold it. */
let fallbackKey: string | undefined;

/**
 * This browser's device key. Every tab of the browser reads the same one from
 * localStorage, which is what makes them one user to the server.
 */
export function getDeviceKey(): string {
  const stored = readItem(STORAGE_KEY);
  if (stored !== null && stored.length >= 16) return stored;
  const key = (fallbackKey ??= createDeviceKey());
  writeItem(STORAGE_KEY, key);
  return key;
}
