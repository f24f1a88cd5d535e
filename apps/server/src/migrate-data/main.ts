/**
 * `pnpm --filter @parley/server migrate-data --from data/parley.db --to postgres://…`:
 * moves a team's SQLite history into PostgreSQL (see cli.ts, and the README).
 */
import { databaseUrlFromEnvironment } from "../config.js";
import { runMigrateData } from "./cli.js";

process.exitCode = await runMigrateData(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr },
  { databaseUrl: databaseUrlFromEnvironment() },
);
