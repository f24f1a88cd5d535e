/** Where the command writes: process.stdout and process.stderr, or a test's buffers. */
export interface OutputStream {
  write(text: string): unknown;
  /** A terminal: progress lines are redrawn in place rather than added. */
  isTTY?: boolean;
}

export interface TableCount {
  label: string;
  /** Rows in the source. */
  total: number;
  /** Rows this run wrote; the rest were in the target already. */
  written: number;
}

export interface Progress {
  /** A line for the operator, on its own. */
  say(line: string): void;
  /** Starts a table's progress line. */
  table(label: string, total: number): TableProgress;
}

export interface TableProgress {
  /** One more batch: `read` rows of the source, `written` of them new to the target. */
  advance(read: number, written: number): void;
  /** The table is done: its last line stays. */
  finish(): TableCount;
}

/** Often enough to see it move, rarely enough that a log of a big copy stays readable. */
const REDRAW_EVERY_MS = 1000;

const number = new Intl.NumberFormat("en-US");

/**
 * Progress on `stream` (stderr): one line per table, `label  read / total
 * rows (written new)`. On a terminal the line is redrawn after each batch;
 * elsewhere (a log) a line is added at most once a second, and always when
 * the table is done.
 */
export function createProgress(stream: OutputStream, clock: () => number = Date.now): Progress {
  const width = 14;
  return {
    say(line) {
      stream.write(`${line}\n`);
    },
    table(label, total) {
      let read = 0;
      let written = 0;
      let shownAt = clock();
      const line = () =>
        `${label.padEnd(width)} ${number.format(read)} / ${number.format(total)} rows (${number.format(written)} new)`;
      if (stream.isTTY) stream.write(line());
      return {
        advance(batchRead, batchWritten) {
          read += batchRead;
          written += batchWritten;
          if (stream.isTTY) {
            stream.write(`\r\x1b[2K${line()}`);
          } else if (clock() - shownAt >= REDRAW_EVERY_MS) {
            stream.write(`${line()}\n`);
            shownAt = clock();
          }
        },
        finish() {
          stream.write(stream.isTTY ? `\r\x1b[2K${line()}\n` : `${line()}\n`);
          return { label, total, written };
        },
      };
    },
  };
}

function alreadyThere(count: number): string {
  return count === 1
    ? "1 row already in the target stayed as it was"
    : `${number.format(count)} rows already in the target stayed as they were`;
}

/** The closing report: what each table holds now, and what this run added. */
export function summary(counts: TableCount[], elapsedMs: number): string {
  const total = counts.reduce((sum, count) => sum + count.total, 0);
  const written = counts.reduce((sum, count) => sum + count.written, 0);
  const seconds = (elapsedMs / 1000).toFixed(1);
  const lines = [
    written === total
      ? `Copied ${number.format(written)} rows in ${seconds} s.`
      : written === 0
        ? `Nothing to copy: all ${number.format(total)} rows were in the target already (${seconds} s).`
        : `Copied ${number.format(written)} rows in ${seconds} s; ${alreadyThere(total - written)}.`,
    ...counts.map(
      (count) =>
        `  ${count.label.padEnd(14)} ${number.format(count.total).padStart(10)}` +
        (count.written === count.total ? "" : `  (${number.format(count.written)} copied now)`),
    ),
  ];
  return lines.join("\n");
}
