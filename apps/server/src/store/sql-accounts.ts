import { randomUUID } from "node:crypto";
import { DEFAULT_ROOM_ID } from "@parley/protocol";
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";
import type { AccountStore } from "./store.js";

export function sqlAccounts(db: Kysely<Database>): AccountStore {
  return {
    async createAccount(username, passwordHash) {
      const user = { id: randomUUID(), username };
      const now = Date.now();
      const created = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto("users")
          .values({ ...user, username_key: username.toLowerCase(), password_hash: passwordHash, created_at: now })
          // The unique key decides between two sign-ups racing for one name.
          .onConflict((conflict) => conflict.column("username_key").doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
        // Everyone belongs to general; a newcomer starts with its past read.
        await trx
          .insertInto("room_members")
          .columns(["room_id", "user_id", "joined_at", "last_read_seq"])
          .expression((eb) =>
            eb
              .selectFrom("rooms")
              .where("id", "=", DEFAULT_ROOM_ID)
              .select((sub) => [
                sub.val(DEFAULT_ROOM_ID).as("room_id"),
                sub.val(user.id).as("user_id"),
                sub.val(now).as("joined_at"),
                "last_seq as last_read_seq",
              ]),
          )
          .execute();
        return true;
      });
      return created ? user : null;
    },

    async findUsers(usernames) {
      if (usernames.length === 0) return [];
      const keys = [...new Set(usernames.map((name) => name.toLowerCase()))];
      const rows = await db
        .selectFrom("users")
        .select(["id", "username", "username_key"])
        .where("username_key", "in", keys)
        .execute();
      // In the order asked: an engine returns rows in whatever order its plan gives.
      const byKey = new Map(rows.map(({ id, username, username_key }) => [username_key, { id, username }]));
      return keys.flatMap((key) => byKey.get(key) ?? []);
    },

    async findAccount(username) {
      const row = await db
        .selectFrom("users")
        .select(["id", "username", "password_hash"])
        .where("username_key", "=", username.toLowerCase())
        .executeTakeFirst();
      return row ? { id: row.id, username: row.username, passwordHash: row.password_hash } : null;
    },

    async createSession(session) {
      await db
        .insertInto("sessions")
        .values({ id: session.id, user_id: session.userId, created_at: Date.now(), expires_at: session.expiresAt })
        .execute();
    },

    async findLiveSession(id, now) {
      const row = await db
        .selectFrom("sessions")
        .innerJoin("users", "users.id", "sessions.user_id")
        .select(["sessions.id", "sessions.user_id", "sessions.expires_at", "users.username"])
        .where("sessions.id", "=", id)
        .where("sessions.expires_at", ">", now)
        .where("sessions.revoked_at", "is", null)
        .executeTakeFirst();
      if (!row) return null;
      return {
        session: { id: row.id, userId: row.user_id, expiresAt: Number(row.expires_at) },
        user: { id: row.user_id, username: row.username },
      };
    },

    async revokeSession(id, now) {
      await db.updateTable("sessions").set({ revoked_at: now }).where("id", "=", id).execute();
    },
  };
}
