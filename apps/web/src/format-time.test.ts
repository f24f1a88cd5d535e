import { describe, expect, it } from "vitest";
import { formatClock, formatDay, formatFullDate, startOfDay } from "./format-time.js";

/** A local time, so the tests hold in every time zone. */
const at = (year: number, month: number, day: number, hours = 0, minutes = 0) =>
  new Date(year, month - 1, day, hours, minutes).getTime();

describe("formatClock", () => {
  it("writes HH:MM with leading zeros, 24-hour", () => {
    expect(formatClock(at(2025, 11, 22, 9, 5))).toBe("09:05");
    expect(formatClock(at(2025, 11, 22, 0, 0))).toBe("00:00");
    expect(formatClock(at(2025, 11, 22, 23, 59))).toBe("23:59");
  });
});

describe("formatFullDate", () => {
  it("names the weekday, the date and the time", () => {
    const full = formatFullDate(at(2025, 11, 22, 21, 2), "en-US");
    expect(full).toContain("Saturday");
    expect(full).toContain("November 22, 2025");
    expect(full).toMatch(/9:02:00\sPM/);
  });
});

describe("formatDay", () => {
  const now = at(2025, 11, 22, 10, 0);

  it("says Today and Yesterday for the last two days", () => {
    expect(formatDay(at(2025, 11, 22, 0, 1), now)).toBe("Today");
    expect(formatDay(at(2025, 11, 21, 23, 59), now)).toBe("Yesterday");
  });

  it("writes the date for older days, with the year only when it differs", () => {
    expect(formatDay(at(2025, 11, 3), now, "en-US")).toBe("Monday, November 3");
    expect(formatDay(at(2024, 12, 31), now, "en-US")).toBe("Tuesday, December 31, 2024");
  });
});

describe("startOfDay", () => {
  it("is local midnight", () => {
    expect(startOfDay(at(2025, 3, 30, 14, 30))).toBe(at(2025, 3, 30));
  });
});
