import { inspect } from "node:util";

/**
 * The command's exit status, one per kind of trouble, so that a script can
 * tell a typo from a server that is down. The README lists them.
 */
export const ExitCode = {
  copied: 0,
  /** The copy stopped part-way (a row clashed, or something unforeseen); run again to resume. */
  failed: 1,
  /** The command line is wrong. */
  usage: 2,
  /** The SQLite file cannot be read as a Parley database. */
  source: 3,
  /** PostgreSQL cannot be reached, refused the connection, or cannot take the schema. */
  target: 4,
  /** The target holds data that did not come from this SQLite file. */
  targetNotEmpty: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Something the operator can act on, said in words: the command prints the
 * message (never a stack trace) and exits with `exitCode`.
 */
export class MigrateDataError extends Error {
  override name = "MigrateDataError";

  constructor(
    message: string,
    readonly exitCode: ExitCode,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** An error's message and those of its causes, for a failure nobody foresaw: enough to report, no stack. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let current = error; current !== undefined && parts.length < 5;) {
    if (current instanceof Error) {
      parts.push(current.message);
      current = current.cause;
    } else {
      parts.push(inspect(current, { depth: 2 }));
      current = undefined;
    }
  }
  return parts.join(": ");
}
