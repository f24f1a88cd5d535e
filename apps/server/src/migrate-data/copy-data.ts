import { sql, type Kysely } from "kysely";
import { isUnreachable } from "../store/postgres/unreachable.js";
import type { Database } from "../store/schema.js";
import type { MigrateDataOptions } from "./arguments.js";
import { copyPlan, type Row, type TablePlan } from "./copy-plan.js";
import { ExitCode, MigrateDataError } from "./errors.js";
import type { Progress, TableCount } from "./progress.js";
import { openSource } from "./source.js";
import { inspectTarget, type TargetContents } from "./target-check.js";
import { openTarget, targetError, type Target } from "./target.js";

/**
 * Copies the SQLite database into PostgreSQL, table by table, in batches of
 * `batchSize` rows, each batch one transaction. Everything is read from one
 * snapshot of the source (one read transaction), so a server still writing
 * to it would not tear the copy; what it writes after that is not copied.
 */
export async function migrateData(options: MigrateDataOptions, progress: Progress): Promise<TableCount[]> {
  const source = await openSource(options.from);
  try {
    const target = await openTarget(options.to);
    try {
      progress.say(`Copying ${options.from} into ${target.shownUrl}`);
      if (source.note) progress.say(source.note);
      return await source.db.transaction().execute(async (snapshot) => {
        await admitTarget(target, snapshot, options, progress);
        const counts: TableCount[] = [];
        for (const plan of copyPlan) counts.push(await copyTable(plan, snapshot, target, options.batchSize, progress));
        return counts;
      });
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/** Goes on with a target that is empty or holds an earlier run's copy; refuses one with other data unless allowed. */
async function admitTarget(
  target: Target,
  snapshot: Kysely<Database>,
  { from, allowNonEmptyTarget }: MigrateDataOptions,
  progress: Progress,
): Promise<void> {
  const state = await inspectTarget(target.db, snapshot).catch((error: unknown) => {
    throw targetError(error, target.shownUrl);
  });
  switch (state.kind) {
    case "empty":
      return;
    case "earlier-copy":
      progress.say(`The target holds ${held(state.contents)}, all from ${from}: copying what is missing.`);
      return;
    case "other-data":
      if (allowNonEmptyTarget) {
        progress.say(`The target holds ${held(state.contents)}, some not from ${from}; copying alongside them.`);
        return;
      }
      throw new MigrateDataError(
        `The target is not empty: it holds ${held(state.contents)}, and ${state.example} is not in ${from}. ` +
          "Copy into a new database (createdb), or pass --allow-non-empty-target to copy alongside what is there " +
          "(rows already there are kept; the copy stops if one clashes with a row of the source).",
        ExitCode.targetNotEmpty,
      );
  }
}

function held({ accounts, rooms, messages }: TargetContents): string {
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;
  return `${plural(accounts, "account")}, ${plural(rooms, "room")} and ${plural(messages, "message")}`;
}

async function copyTable(
  plan: TablePlan,
  source: Kysely<Database>,
  target: Target,
  batchSize: number,
  progress: Progress,
): Promise<TableCount> {
  const from = source as unknown as Kysely<Record<string, Row>>;
  const { total } = await from
    .selectFrom(plan.table)
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .executeTakeFirstOrThrow();
  const table = progress.table(plan.label, Number(total));
  // SQLite's rowid: the order rows were written in, and a cheap key to page by.
  for (let after = 0; ;) {
    const rows = await from
      .selectFrom(plan.table)
      .select([...plan.columns, sql<number>`rowid`.as("source_rowid")])
      .where(sql`rowid`, ">", after)
      .orderBy(sql`rowid`)
      .limit(batchSize)
      .execute();
    const last = rows.at(-1);
    if (last === undefined) break;
    const batch = rows.map(({ source_rowid: _, ...row }) => row);
    const written = await target.db
      .transaction()
      .execute((trx) => plan.insert(trx, batch))
      .catch((error: unknown) => {
        throw copyError(error, plan, target);
      });
    table.advance(rows.length, written);
    after = last.source_rowid;
  }
  return table.finish();
}

/** Why a batch could not be written. Its transaction rolled back; the batches before it stay. */
function copyError(error: unknown, plan: TablePlan, target: Target): MigrateDataError {
  const resume = "What was copied before stays; run the command again to carry on from there.";
  if (isUnreachable(error)) {
    const lost = targetError(error, target.shownUrl);
    return new MigrateDataError(`${lost.message} It happened while copying ${plan.label}. ${resume}`, ExitCode.target, {
      cause: error,
    });
  }
  const { code, detail } = error as { code?: unknown; detail?: unknown };
  const message = error instanceof Error ? error.message : String(error);
  const why = typeof detail === "string" ? `${message} (${detail})` : message;
  // SQLSTATE 23505 unique violation, 23503 foreign key violation.
  if (code === "23505") {
    return new MigrateDataError(
      `Copying ${plan.label} stopped: a row clashes with a different one already in the target: ${why}. ` +
        `The target holds data of its own; copy into an empty database instead.`,
      ExitCode.failed,
      { cause: error },
    );
  }
  if (code === "23503") {
    return new MigrateDataError(
      `Copying ${plan.label} stopped: a row refers to one the target lacks: ${why}. ${resume}`,
      ExitCode.failed,
      { cause: error },
    );
  }
  return new MigrateDataError(`Copying ${plan.label} failed: ${why}. ${resume}`, ExitCode.failed, { cause: error });
}
