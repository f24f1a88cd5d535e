import { DEFAULT_ROOM_ID } from "@parley/protocol";
import { sql, type Kysely } from "kysely";
import type { Database } from "../store/schema.js";

export interface TargetContents {
  accounts: number;
  /** Besides `general`, which the target's migration makes. */
  rooms: number;
  messages: number;
}

export type TargetState =
  | { kind: "empty" }
  /** Everything in it came from the source: an earlier run, finished or not. */
  | { kind: "earlier-copy"; contents: TargetContents }
  /** It holds at least `example`, which the source does not have. */
  | { kind: "other-data"; contents: TargetContents; example: string };

const LOOKUP_BATCH = 1000;

/**
 * What the target holds already. Copying into a database that a server has
 * been using would mix two histories (and a clash would stop the copy
 * half-way), so the caller refuses one with data of its own; a target that
 * holds only rows from this source is an earlier run of the copy, which
 * carries on where it stopped.
 */
export async function inspectTarget(target: Kysely<Database>, source: Kysely<Database>): Promise<TargetState> {
  const contents = await countContents(target);
  if (contents.accounts + contents.rooms + contents.messages === 0) return { kind: "empty" };
  const example =
    (await firstMissing(target, source, "users", "username", (name) => `the account ${name}`)) ??
    (await firstMissing(target, source, "rooms", "name", (name) => `the room ${name}`)) ??
    (await firstMissing(target, source, "room_messages", "id", (id) => `the message ${id}`));
  return example === undefined ? { kind: "earlier-copy", contents } : { kind: "other-data", contents, example };
}

async function countContents(target: Kysely<Database>): Promise<TargetContents> {
  const count = async (table: "users" | "room_messages") =>
    Number(
      (
        await target
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const rooms = await target
    .selectFrom("rooms")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("id", "<>", DEFAULT_ROOM_ID)
    .executeTakeFirstOrThrow();
  return { accounts: await count("users"), rooms: Number(rooms.n), messages: await count("room_messages") };
}

/** The first row of `table` in the target (by id) that the source lacks, shown by `shown`. */
async function firstMissing(
  target: Kysely<Database>,
  source: Kysely<Database>,
  table: "users" | "rooms" | "room_messages",
  nameColumn: "username" | "name" | "id",
  describe: (name: string) => string,
): Promise<string | undefined> {
  // The three tables share `id`; only the naming column differs.
  const from = target as unknown as Kysely<Record<string, { id: string; name: string }>>;
  for (let after = ""; ;) {
    const rows = await from
      .selectFrom(table)
      .select(["id", sql<string>`${sql.ref(nameColumn)}`.as("name")])
      .where("id", ">", after)
      .orderBy("id")
      .limit(LOOKUP_BATCH)
      .execute();
    const last = rows.at(-1);
    if (last === undefined) return undefined;
    const ids = rows.map((row) => row.id);
    const found = await (source as unknown as typeof from)
      .selectFrom(table)
      .select("id")
      .where("id", "in", ids)
      .execute();
    const known = new Set(found.map((row) => row.id));
    const missing = rows.find((row) => !known.has(row.id));
    if (missing) return describe(missing.name);
    after = last.id;
  }
}
