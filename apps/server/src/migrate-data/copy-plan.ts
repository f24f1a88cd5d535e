import type { Insertable, Kysely } from "kysely";
import { MESSAGE_COLUMNS } from "../store/message-rows.js";
import type { Database } from "../store/schema.js";

type Table = keyof Database;
type Column<T extends Table> = keyof Database[T] & string;

/** The columns given, when they are all of T's; otherwise a type naming those left out. */
type EveryColumn<T extends Table, C extends readonly Column<T>[]> =
  Exclude<Column<T>, C[number]> extends never ? C : { missing: Exclude<Column<T>, C[number]> };

/** A row as read from SQLite and written to PostgreSQL, column by column. */
export type Row = Record<string, unknown>;

/** Kysely without the schema's types, for code that works on any table of the plan. */
type AnyTables = Kysely<Record<string, Row>>;

export interface TablePlan {
  table: Table;
  /** What the operator calls it. */
  label: string;
  columns: readonly string[];
  /**
   * Writes one batch (inside the caller's transaction), skipping the rows
   * whose key is there already; resolves with how many rows it wrote.
   */
  insert(db: Kysely<Database>, rows: Row[]): Promise<number>;
}

/**
 * A table copied as it is: every column (the compiler insists on each one
 * schema.ts lists, so a column added there is not left behind silently), and
 * rows whose primary key `key` is already in the target skipped. Any other
 * clash (a name, a room's sequence number taken by a different row) is an
 * error, not a skip: it means the target holds other data.
 */
function copied<T extends Table, const C extends readonly Column<T>[]>(
  table: T,
  label: string,
  columns: EveryColumn<T, C> & C,
  key: readonly Column<T>[],
): TablePlan {
  return {
    table,
    label,
    columns,
    async insert(db, rows) {
      const result = await (db as unknown as AnyTables)
        .insertInto(table)
        .values(rows)
        .onConflict((conflict) => conflict.columns(key).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0);
    },
  };
}

const ROOM_COLUMNS = [
  "id",
  "kind",
  "name",
  "topic",
  "visibility",
  "owner_id",
  "name_key",
  "dm_key",
  "created_at",
  "last_seq",
] as const;

/**
 * Rooms keep their sequence counter (`last_seq`), so that new messages
 * continue after the copied ones. The target's migration made a `general`
 * of its own, never written to (last_seq 0): the SQLite `general`, which has
 * messages, takes its place. A room the target has written to is left as it
 * is, and a run that finds the copy there already changes nothing.
 */
const rooms: TablePlan = {
  table: "rooms",
  label: "rooms",
  columns: ROOM_COLUMNS satisfies EveryColumn<"rooms", typeof ROOM_COLUMNS>,
  async insert(db, rows) {
    const result = await db
      .insertInto("rooms")
      .values(rows as Insertable<Database["rooms"]>[])
      .onConflict((conflict) =>
        conflict
          .column("id")
          .doUpdateSet((eb) => ({
            kind: eb.ref("excluded.kind"),
            name: eb.ref("excluded.name"),
            topic: eb.ref("excluded.topic"),
            visibility: eb.ref("excluded.visibility"),
            owner_id: eb.ref("excluded.owner_id"),
            name_key: eb.ref("excluded.name_key"),
            dm_key: eb.ref("excluded.dm_key"),
            created_at: eb.ref("excluded.created_at"),
            last_seq: eb.ref("excluded.last_seq"),
          }))
          .where("rooms.last_seq", "=", 0)
          .where("excluded.last_seq", ">", 0),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  },
};

/**
 * Every table, parents before children (the target checks foreign keys).
 * Rows are read in SQLite's rowid order, which is the order they were
 * written in: reactions thereby get PostgreSQL's `reactions.rowid` (an
 * identity column) in the order SQLite kept them, which is the order a
 * message shows them in.
 */
export const copyPlan: readonly TablePlan[] = [
  copied("users", "accounts", ["id", "username", "username_key", "password_hash", "created_at"], ["id"]),
  copied("sessions", "sessions", ["id", "user_id", "created_at", "expires_at", "revoked_at"], ["id"]),
  rooms,
  copied("room_members", "room members", ["room_id", "user_id", "joined_at", "last_read_seq"], ["room_id", "user_id"]),
  // Every column a reader reads is every column there is (PostgreSQL's search vector is generated).
  copied("room_messages", "messages", MESSAGE_COLUMNS, ["id"]),
  copied(
    "reactions",
    "reactions",
    ["message_id", "user_id", "emoji", "created_at"],
    ["message_id", "user_id", "emoji"],
  ),
  copied("mentions", "mentions", ["message_id", "user_id", "position"], ["message_id", "user_id"]),
];
