/**
 * A load-generator message's text: the step it belongs to and when it was
 * sent, then ordinary chat text, about as long as a typical chat line. The
 * clock is CLOCK_MONOTONIC (process.hrtime), which every process on the
 * machine shares, so a receiver in another thread or process can subtract.
 */
const FILLER = "the quick brown fox jumps over the lazy dog while the benchmark keeps count";

export function nowMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export function taggedText(step: number): string {
  return `${step}:${nowMicros()} ${FILLER}`;
}

/** The step and send time of a tagged text; null for any other text. */
export function readTag(text: string): { step: number; sentAt: number } | null {
  const colon = text.indexOf(":");
  const space = text.indexOf(" ", colon);
  if (colon < 1 || space < 0) return null;
  const step = Number(text.slice(0, colon));
  const sentAt = Number(text.slice(colon + 1, space));
  return Number.isFinite(step) && Number.isFinite(sentAt) ? { step, sentAt } : null;
}
