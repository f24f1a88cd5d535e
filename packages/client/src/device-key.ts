/**
 * A fresh random device key (128 bits, hex). Keep it where all of one person's
 * tabs can read it (the browser app uses localStorage) so they count as one user.
 * Uses getRandomValues, which, unlike randomUUID, browsers also offer on plain http.
 */
export function createDeviceKey(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
