import type { Kysely, Transaction } from "kysely";
import type { RoomMessage } from "@parley/protocol";
import { createGroupCommit } from "./group-commit.js";
import { toNewRow, toRoomMessage, type NewMessageRow } from "./message-rows.js";
import type { Database } from "./schema.js";
import { storeMentions } from "./sql-mentions.js";
import { ClientIdTaken, type MessageStore } from "./store.js";

/**
 * Appending messages: group commit, sequence numbers, exactly-once.
 *
 * Appends that arrive together commit together (group-commit.ts): one
 * transaction per batch, and in it, per room, one UPDATE that advances the
 * room's counter by the batch's count (which also locks the room's row until
 * COMMIT, so writers on other nodes take turns), then one multi-row INSERT
 * of the whole batch. A room's messages therefore commit in sequence order,
 * with no gaps and no collisions, whichever node writes them.
 *
 * Exactly-once rests on the unique (author, clientId) index: the INSERT skips
 * a row whose author already used its clientId. A skipped row would leave a
 * hole in its room's sequence, so the transaction is rolled back and the
 * batch written again without it; the skipped message is answered
 * ClientIdTaken, and the rest of its batch still commits.
 */
export interface SqlAppendsOptions {
  /** Awaited before each batch is written: the engine's chance to hold writes back for a moment. */
  beforeAppends?: () => Promise<void>;
}

export function sqlAppends(
  db: Kysely<Database>,
  { beforeAppends }: SqlAppendsOptions = {},
): Pick<MessageStore, "appendRoomMessage"> & {
  /** Resolves once every append made so far has committed or failed, for closing without losing queued writes. */
  appendsSettled: () => Promise<void>;
} {
  async function appendBatch(batch: NewMessageRow[]): Promise<PromiseSettledResult<RoomMessage>[]> {
    await beforeAppends?.();
    const outcomes = new Map<NewMessageRow, PromiseSettledResult<RoomMessage>>();
    let pending = batch;
    while (pending.length > 0) {
      const attempt = pending;
      const stored = await db
        .transaction()
        .execute(async (trx) => {
          const written = await writeBatch(trx, attempt);
          // Roll back: the skipped rows took sequence numbers they will not use.
          if (written.skipped.length > 0) throw new Skipped(written.skipped);
          return written.stored;
        })
        .catch((error: unknown) => {
          if (!(error instanceof Skipped)) throw error;
          for (const taken of error.rows) {
            outcomes.set(taken, {
              status: "rejected",
              reason: new ClientIdTaken("This author already used this clientId"),
            });
          }
          return null;
        });
      if (stored) for (const [entry, message] of stored) outcomes.set(entry, { status: "fulfilled", value: message });
      pending = pending.filter((entry) => !outcomes.has(entry));
    }
    return batch.map((entry) => outcomes.get(entry)!);
  }

  const appends = createGroupCommit(appendBatch);
  return {
    appendRoomMessage: (message) => appends.submit(toNewRow(message)),
    appendsSettled: () => appends.settled(),
  };
}

/** The rows of a batch that the INSERT skipped: their authors already used their clientIds. */
class Skipped extends Error {
  constructor(readonly rows: NewMessageRow[]) {
    super("Some messages of the batch were already stored");
  }
}

async function writeBatch(
  trx: Transaction<Database>,
  batch: NewMessageRow[],
): Promise<{ stored: Map<NewMessageRow, RoomMessage>; skipped: NewMessageRow[] }> {
  const seqs = await takeSequenceNumbers(trx, batch);
  const rows = batch.map(({ row }, i) => ({ ...row, seq: seqs[i]! }));
  const inserted = await trx
    .insertInto("room_messages")
    // In (author, clientId) order on every node. A clientId sent to two rooms
    // at once through two nodes (batches that lock no common room) would
    // otherwise have each INSERT wait for a row of the other: a deadlock.
    .values(rows.toSorted(byAuthorAndClientId))
    .onConflict((conflict) => conflict.columns(["username", "client_id"]).doNothing())
    .returning("id")
    .execute();
  const insertedIds = new Set(inserted.map((row) => row.id));
  const skipped = batch.filter(({ row }) => !insertedIds.has(row.id));
  if (skipped.length > 0) return { stored: new Map(), skipped };

  await countReplies(trx, batch);
  await storeMentions(
    trx,
    batch.map(({ row, mentions }) => ({ messageId: row.id, mentions })),
  );
  // A new message has no reactions yet.
  return {
    stored: new Map(batch.map((entry, i) => [entry, toRoomMessage(rows[i]!, [], entry.mentions)])),
    skipped: [],
  };
}

/** One order of (author, clientId), the same on every node. */
function byAuthorAndClientId(x: NewMessageRow["row"], y: NewMessageRow["row"]): number {
  return compareText(x.username, y.username) || compareText(x.client_id ?? "", y.client_id ?? "");
}

function compareText(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Each row's sequence number, in batch order within its room. Rooms are
 * locked in the order of their ids, so two batches that share rooms never
 * wait on each other in a cycle.
 */
async function takeSequenceNumbers(trx: Transaction<Database>, batch: NewMessageRow[]): Promise<number[]> {
  const counts = new Map<string, number>();
  for (const { row } of batch) counts.set(row.room_id, (counts.get(row.room_id) ?? 0) + 1);
  const next = new Map<string, number>();
  for (const roomId of [...counts.keys()].sort()) {
    const count = counts.get(roomId)!;
    const room = await trx
      .updateTable("rooms")
      .set((eb) => ({ last_seq: eb("last_seq", "+", count) }))
      .where("id", "=", roomId)
      .returning("last_seq")
      .executeTakeFirst();
    if (!room) throw new Error(`No room ${roomId} to append to`);
    next.set(roomId, Number(room.last_seq) - count + 1);
  }
  return batch.map(({ row }) => {
    const seq = next.get(row.room_id)!;
    next.set(row.room_id, seq + 1);
    return seq;
  });
}

/** A reply counts on its parent. */
async function countReplies(trx: Transaction<Database>, batch: NewMessageRow[]): Promise<void> {
  const replies = new Map<string, number>();
  for (const { row } of batch)
    if (row.thread_id !== null) replies.set(row.thread_id, (replies.get(row.thread_id) ?? 0) + 1);
  for (const [parentId, count] of replies) {
    await trx
      .updateTable("room_messages")
      .set((eb) => ({ reply_count: eb("reply_count", "+", count) }))
      .where("id", "=", parentId)
      .execute();
  }
}
