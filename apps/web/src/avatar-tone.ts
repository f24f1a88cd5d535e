/** How many avatar colours styles.css defines (.avatar--tone-0 ... -7). */
export const AVATAR_TONES = 8;

/** The same person always gets the same colour, on every screen and in every tab. */
export function avatarTone(username: string): number {
  let hash = 0;
  for (const char of username.toLowerCase()) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % AVATAR_TONES;
}

/** The first letter or digit of a name, for its avatar. */
export function avatarInitial(username: string): string {
  const initial = /[A-Za-z0-9]/.exec(username)?.[0] ?? username.charAt(0);
  return initial.toUpperCase();
}
