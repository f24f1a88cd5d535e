import { parseArguments, USAGE, type Defaults } from "./arguments.js";
import { migrateData } from "./copy-data.js";
import { describeError, ExitCode, MigrateDataError } from "./errors.js";
import { createProgress, summary, type OutputStream } from "./progress.js";

/**
 * `migrate-data` from its arguments to its exit status. Progress and errors
 * go to `stderr`, the closing summary to `stdout`. A mistake the operator
 * can fix is told in a sentence; only a failure nobody foresaw is reported
 * with its causes (still without a stack).
 */
export async function runMigrateData(
  argv: string[],
  output: { stdout: OutputStream; stderr: OutputStream },
  defaults: Defaults = {},
): Promise<ExitCode> {
  const started = performance.now();
  try {
    const parsed = parseArguments(argv, defaults);
    if (parsed.help) {
      output.stdout.write(`${USAGE}\n`);
      return ExitCode.copied;
    }
    const counts = await migrateData(parsed.options, createProgress(output.stderr));
    output.stdout.write(`${summary(counts, performance.now() - started)}\n`);
    output.stdout.write("Start Parley with DATABASE_URL set to the target's URL to serve this history.\n");
    return ExitCode.copied;
  } catch (error) {
    if (error instanceof MigrateDataError) {
      output.stderr.write(`migrate-data: ${error.message}\n`);
      return error.exitCode;
    }
    output.stderr.write(`migrate-data: the copy failed: ${describeError(error)}\n`);
    return ExitCode.failed;
  }
}
