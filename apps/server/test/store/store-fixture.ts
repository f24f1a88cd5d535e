import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Room, RoomId, RoomMessage, User, UserMessage, Visibility } from "@parley/protocol";
import { expect, onTestFinished } from "vitest";
import type { Database } from "../../src/store/schema.js";
import type { NewRoomMessage, Store } from "../../src/store/store.js";
import { scratchDir } from "../harness.js";
import { openTestDatabase, openTestStore, type Engine } from "../test-database.js";

// The store contract suite: every file runs its tests once per engine, each
// test on a store of its own (a fresh SQLite file, or a fresh PostgreSQL
// schema), closed when the test ends.

export const ENGINES = ["sqlite", "postgres"] as const satisfies readonly Engine[];

export interface ScratchStore {
  store: Store;
  /** Another store on the same data, as a second node (its own pool) would open it. */
  openAnother: () => Promise<Store>;
  /** The tables themselves, to check what the store wrote without the store in between. */
  tables: () => Promise<Kysely<Database>>;
}

/** A migrated, empty store on `engine`, closed (with anything else opened on its data) when the test ends. */
export async function scratchStore(engine: Engine): Promise<ScratchStore> {
  const dir = scratchDir();
  const path = `${dir.path}/parley.db`;
  const opened: Store[] = [];
  const tables: Kysely<Database>[] = [];
  onTestFinished(async () => {
    await Promise.all(opened.map((store) => store.close()));
    await Promise.all(tables.map((db) => db.destroy()));
    dir.cleanup();
  });
  const open = async () => {
    const store = closedOnce(await openTestStore(path, engine));
    opened.push(store);
    return store;
  };
  return {
    store: await open(),
    openAnother: open,
    tables: async () => {
      const db = await openTestDatabase(path, engine);
      tables.push(db);
      return db;
    },
  };
}

/** A test may close its store itself; the fixture's close then does nothing more. */
function closedOnce(store: Store): Store {
  let closing: Promise<void> | undefined;
  return { ...store, close: () => (closing ??= store.close()) };
}

/** Accounts, in the order named. */
export async function signUp<const Names extends string[]>(
  store: Store,
  ...names: Names
): Promise<{ [K in keyof Names]: User }> {
  const users: User[] = [];
  for (const name of names) {
    const user = await store.createAccount(name, `hash of ${name}'s password`);
    if (!user) throw new Error(`${name} is taken`);
    users.push(user);
  }
  return users as { [K in keyof Names]: User };
}

type NewUserMessage = Extract<NewRoomMessage, { kind: "user" }>;

/** A user message as the server hands it to the store, with a fresh clientId unless given. */
export function userMessage(
  roomId: RoomId,
  author: User,
  text: string,
  more: Partial<Omit<NewUserMessage, "kind">> = {},
): NewUserMessage {
  return {
    kind: "user",
    roomId,
    author: author.username,
    clientId: randomUUID(),
    text,
    threadId: null,
    mentions: [],
    ...more,
  };
}

/** Appends a user message and hands back what the store answered. */
export async function say(
  store: Store,
  roomId: RoomId,
  author: User,
  text: string,
  more: Partial<Omit<NewUserMessage, "kind">> = {},
): Promise<UserMessage> {
  const message = await store.appendRoomMessage(userMessage(roomId, author, text, more));
  if (message.kind !== "user") throw new Error("A user message came back as a system message");
  return message;
}

export async function createChannel(
  store: Store,
  owner: User,
  name: string,
  more: { topic?: string; visibility?: Visibility } = {},
): Promise<Room> {
  const room = await store.createChannel({ name, topic: "", visibility: "public", ownerId: owner.id, ...more });
  if (!room) throw new Error(`#${name} is taken`);
  return room;
}

/** Every message of the room's main timeline, oldest first. */
export async function timeline(store: Store, roomId: RoomId, threadId: string | null = null): Promise<RoomMessage[]> {
  return (await store.listMessages({ roomId, threadId, limit: 10_000 })).messages;
}

/** What a freshly stored user message looks like: everything at its default but what `fields` say. */
export function freshMessage(fields: Pick<UserMessage, "roomId" | "seq" | "author" | "text"> & Partial<UserMessage>) {
  return {
    kind: "user",
    id: expect.any(String),
    clientId: expect.any(String),
    createdAt: expect.any(Number),
    threadId: null,
    replyCount: 0,
    editedAt: null,
    deleted: false,
    reactions: [],
    mentions: [],
    ...fields,
  };
}
