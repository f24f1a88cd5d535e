const DAY_MS = 24 * 60 * 60 * 1000;

/** "09:05": the time of day in the reader's zone, always 24-hour with two digits each. */
export function formatClock(timestamp: number): string {
  const date = new Date(timestamp);
  return `${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}`;
}

/** The full date and time, for a tooltip: "Saturday, November 22, 2025 at 9:05:42 PM". */
export function formatFullDate(timestamp: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "medium" }).format(timestamp);
}

/** A heading for one calendar day of messages: "Today", "Yesterday", or the date. */
export function formatDay(timestamp: number, now: number, locale?: string): string {
  const days = Math.round((startOfDay(now) - startOfDay(timestamp)) / DAY_MS);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  const sameYear = new Date(timestamp).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, {
    weekday: "long",
    month: "long",
    day: "numeric",
    ...(sameYear ? {} : { year: "numeric" }),
  }).format(timestamp);
}

/** Local midnight of the timestamp's day; days differ in length across a daylight-saving change. */
export function startOfDay(timestamp: number): number {
  const date = new Date(timestamp);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

function twoDigits(value: number): string {
  return String(value).padStart(2, "0");
}
