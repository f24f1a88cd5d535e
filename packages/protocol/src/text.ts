import { z } from "zod";

/**
 * A string of well-formed Unicode, at most `maxLength` UTF-16 code units (as
 * JavaScript's `length` counts, and as the limits are documented; zod's own
 * `max` counts code points).
 *
 * Well-formed matters: a lone surrogate has no UTF-8 form, so storage and
 * hashing would turn it into U+FFFD, and what was acknowledged (or a password)
 * would not be what was kept.
 */
export function text(maxLength: number, what: string) {
  return z
    .string()
    .refine((value) => value.isWellFormed(), `${what} must be well-formed Unicode (no lone surrogates)`)
    .refine((value) => value.length <= maxLength, `${what} is at most ${maxLength} characters`);
}
