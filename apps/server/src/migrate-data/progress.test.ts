import { describe, expect, it } from "vitest";
import { createProgress, summary } from "./progress.js";

function recorder(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (text: string) => written.push(text) } };
}

describe("progress", () => {
  it("adds a line to a log at most once a second, and always when a table is done", () => {
    const { written, stream } = recorder(false);
    let now = 0;
    const table = createProgress(stream, () => now).table("messages", 2500);
    table.advance(1000, 1000);
    now = 1500;
    table.advance(1000, 900);
    table.advance(500, 500);
    expect(table.finish()).toEqual({ label: "messages", total: 2500, written: 2400 });
    expect(written).toEqual([
      "messages       2,000 / 2,500 rows (1,900 new)\n",
      "messages       2,500 / 2,500 rows (2,400 new)\n",
    ]);
  });

  it("redraws one line on a terminal", () => {
    const { written, stream } = recorder(true);
    const table = createProgress(stream).table("reactions", 2);
    table.advance(1, 1);
    table.finish();
    expect(written.join("")).toBe(
      "reactions      0 / 2 rows (0 new)\r\x1b[2Kreactions      1 / 2 rows (1 new)\r\x1b[2Kreactions      1 / 2 rows (1 new)\n",
    );
  });

  it("sums up what was copied and what was there already", () => {
    const copied = [
      { label: "accounts", total: 3, written: 3 },
      { label: "messages", total: 1200, written: 1199 },
    ];
    expect(summary(copied, 2345)).toBe(
      "Copied 1,202 rows in 2.3 s; 1 row already in the target stayed as it was.\n" +
        "  accounts                3\n" +
        "  messages            1,200  (1,199 copied now)",
    );
    expect(summary([{ label: "accounts", total: 3, written: 0 }], 100)).toMatch(/^Nothing to copy: all 3 rows/);
  });
});
