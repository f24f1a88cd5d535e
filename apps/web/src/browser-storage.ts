/**
 * localStorage that never throws: it may be missing or refuse writes (a
 * privacy mode, a full quota, a sandboxed frame). The app then still works;
 * it just forgets on reload.
 */
export function readItem(key: string): string | null {
  try {
    return globalThis.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeItem(key: string, value: string): void {
  try {
    globalThis.localStorage.setItem(key, value);
  } catch {
    // Not remembered; see above.
  }
}

export function removeItem(key: string): void {
  try {
    globalThis.localStorage.removeItem(key);
  } catch {
    // Nothing stored to forget.
  }
}
