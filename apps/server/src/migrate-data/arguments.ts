import { parseArgs } from "node:util";
import { isPostgresUrl, withoutPassword } from "../config.js";
import { ExitCode, MigrateDataError } from "./errors.js";

export interface MigrateDataOptions {
  /** The SQLite file Parley has been running on. */
  from: string;
  /** The PostgreSQL database to copy into (its URL may carry a password: never print it as given). */
  to: string;
  /** Rows per insert and per transaction. */
  batchSize: number;
  /** Copy even when the target holds data that did not come from `from`. */
  allowNonEmptyTarget: boolean;
}

export type ParsedArguments = { help: true } | { help: false; options: MigrateDataOptions };

export const DEFAULT_BATCH_SIZE = 1000;
/** PostgreSQL takes at most 65,535 parameters a statement; a message row has 13 columns. */
export const MAX_BATCH_SIZE = 5000;

export const USAGE = `Copies a Parley SQLite database into PostgreSQL, keeping every id and sequence number.

Usage:
  pnpm --filter @parley/server migrate-data --from <sqlite file> --to <postgres url> [options]

  --from <file>               the SQLite file Parley ran on (read only; e.g. data/parley.db,
                              relative to apps/server). Stop Parley first.
  --to <url>                  the PostgreSQL database, e.g. postgres://parley:secret@db:5432/parley
                              (migrated to Parley's schema first; the database must exist).
                              Default: $DATABASE_URL, which keeps a password off the command line
  --batch-size <n>            rows per transaction (default ${DEFAULT_BATCH_SIZE}, at most ${MAX_BATCH_SIZE})
  --allow-non-empty-target    copy even if the target holds accounts or messages that are not
                              in the SQLite file; rows already there are kept and skipped
  -h, --help                  show this text

Running it again is safe: rows already copied are skipped, so a copy that stopped part-way
resumes, and a finished one copies nothing.

Exit status: 0 copied; 1 the copy stopped part-way (run again to resume); 2 wrong usage;
3 the SQLite file cannot be read; 4 PostgreSQL cannot be reached or used; 5 the target
holds other data (see --allow-non-empty-target).`;

/** What the command takes from its environment rather than its arguments. */
export interface Defaults {
  /** DATABASE_URL, used when --to is not given. */
  databaseUrl?: string | undefined;
}

/** The command line, checked: a mistake is a MigrateDataError (exit 2) that says what to write instead. */
export function parseArguments(argv: string[], defaults: Defaults = {}): ParsedArguments {
  // `pnpm run script -- --from …` hands the script its `--` as well.
  const args = argv[0] === "--" ? argv.slice(1) : argv;
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        from: { type: "string" },
        to: { type: "string" },
        "batch-size": { type: "string" },
        "allow-non-empty-target": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    // parseArgs words its errors for people ("Unknown option '--form'") but
    // quotes a stray argument as given, which may be a URL with a password.
    const message = error instanceof Error ? error.message : String(error);
    throw usageError(message.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"]*/gi, redacted));
  }
  if (values.help) return { help: true };

  const from = values.from?.trim();
  if (!from) throw usageError("Say which SQLite file to copy from: --from data/parley.db");
  const to = values.to?.trim() || defaults.databaseUrl;
  if (!to) {
    throw usageError(
      "Say which PostgreSQL database to copy into: --to postgres://user:password@host:5432/parley, or set DATABASE_URL",
    );
  }
  // The URL itself is not repeated: it may hold a password.
  if (!isPostgresUrl(to)) {
    throw usageError(
      `${values.to ? "--to" : "DATABASE_URL"} must be a PostgreSQL URL such as postgres://user:password@host:5432/parley (postgres:// or postgresql://, with a host)`,
    );
  }
  return {
    help: false,
    options: {
      from,
      to,
      batchSize: batchSize(values["batch-size"]),
      allowNonEmptyTarget: values["allow-non-empty-target"],
    },
  };
}

function batchSize(given: string | undefined): number {
  if (given === undefined) return DEFAULT_BATCH_SIZE;
  const size = Number(given);
  if (!/^\d+$/.test(given.trim()) || size < 1 || size > MAX_BATCH_SIZE) {
    throw usageError(`--batch-size must be a whole number from 1 to ${MAX_BATCH_SIZE}, not ${JSON.stringify(given)}`);
  }
  return size;
}

/** A URL as it may be shown: its password starred, or all its user part when it does not parse. */
function redacted(url: string): string {
  if (URL.canParse(url)) return withoutPassword(url) ?? url;
  return url.replace(/\/\/[^/]*@/, "//***@");
}

function usageError(message: string): MigrateDataError {
  return new MigrateDataError(`${message}\nRun with --help for usage.`, ExitCode.usage);
}
