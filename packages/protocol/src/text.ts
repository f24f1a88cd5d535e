import { z } from "zod";

/**
 * A string of well-formed Unicode without NUL, at most `maxLength` UTF-16
 * code units (as JavaScript's `length` counts, and as the limits are
 * documented; zod's own `max` counts code points).
 *
 * Well-formed matters: a lone surrogate has no UTF-8 form, so storage and
 * hashing would turn it into U+FFFD, and what was acknowledged (or a password)
 * would not be what was kept. NUL (U+0000) is refused for the same reason:
 * PostgreSQL's text cannot hold it, and every text is stored, or compared
 * with what is.
 */
export function text(maxLength: number, what: string) {
  return z
    .string()
    .refine((value) => value.isWellFormed(), `${what} must be well-formed Unicode (no lone surrogates)`)
    .refine((value) => !value.includes("\u0000"), `${what} must not contain NUL (U+0000)`)
    .refine((value) => value.length <= maxLength, `${what} is at most ${maxLength} characters`);
}
