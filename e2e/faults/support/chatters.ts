import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { createAuthApi, createParleyClient, type ParleyClient } from "@parley/client";
import { HISTORY_LIMIT, type Result, type RoomId, type RoomMessage, type User } from "@parley/protocol";
import { expect, vi } from "vitest";
import { settings } from "./settings.js";

export const PASSWORD = "correct horse battery staple";
/** Every account is a member of #general from the start: the storms happen there. */
export const ROOM: RoomId = "general";

export interface Account {
  name: string;
  user: User;
  token: string;
}

/** An account connected through the SDK, and what it saw of the server closing. */
export interface Chatter extends Account {
  client: ParleyClient;
  /** How many `server:closing` notices reached it. */
  closingNotices: number;
}

/** Short unique names, so a test never meets another test's accounts: `kill-a-3f9c`. */
export function uniqueNames(tag: string, count: number): string[] {
  const suffix = randomBytes(2).toString("hex");
  return Array.from({ length: count }, (_, i) => `${tag}-${String.fromCharCode(97 + i)}-${suffix}`);
}

/** Signs the accounts up one after another (password hashing is heavy) and gets each a bearer token. */
export async function signUp(baseUrl: string, names: string[]): Promise<Account[]> {
  const api = createAuthApi({ baseUrl, timeoutMs: 30_000 });
  const accounts: Account[] = [];
  for (const name of names) {
    const credentials = { username: name, password: PASSWORD };
    const created = await api.signUp(credentials);
    if (!created.ok) throw new Error(`Signing up ${name} failed: ${created.error.code} ${created.error.message}`);
    const grant = await api.createToken(credentials);
    if (!grant.ok) throw new Error(`A token for ${name} failed: ${grant.error.code} ${grant.error.message}`);
    accounts.push({ name, user: grant.data.user, token: grant.data.token });
  }
  return accounts;
}

/** Connects the account over WebSocket only, so a cut connection has no polling fallback to hide behind. */
export function connect(account: Account, url: string): Chatter {
  const client = createParleyClient({
    url,
    user: account.user,
    token: account.token,
    socketOptions: { transports: ["websocket"] },
  });
  const chatter: Chatter = { ...account, client, closingNotices: 0 };
  client.socket.on("server:closing", () => {
    chatter.closingNotices += 1;
  });
  client.connect();
  return chatter;
}

/** Online, with the room's history loaded. */
export async function whenOnline(chatter: Chatter, roomId: RoomId = ROOM): Promise<void> {
  await vi.waitFor(
    () => {
      const state = chatter.client.getSnapshot();
      if (state.connection !== "online" || !state.timelines[roomId]) {
        throw new Error(
          `${chatter.name} is ${state.connection}, ${roomId} loaded: ${String(!!state.timelines[roomId])}`,
        );
      }
    },
    { timeout: 30_000, interval: 50 },
  );
}

export interface Sent {
  from: string;
  text: string;
  result: Result<RoomMessage>;
}

/** Several clients each sending a run of uniquely worded messages at a steady pace. */
export interface Storm {
  /** Sends acknowledged so far (ok Results). */
  readonly acked: number;
  readonly total: number;
  /** Resolves once `count` sends were acknowledged. */
  whenAcked(count: number): Promise<void>;
  /** Every send's final Result, once each one is acknowledged or failed for good. */
  readonly finished: Promise<Sent[]>;
}

export function storm(
  chatters: readonly Chatter[],
  {
    roomId = ROOM,
    count = settings.messagesPerClient,
    intervalMs = settings.sendIntervalMs,
    label = "m",
  }: { roomId?: RoomId; count?: number; intervalMs?: number; label?: string } = {},
): Storm {
  let acked = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const acknowledged = () => {
    acked += 1;
    for (const waiter of waiters.filter((w) => acked >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };

  const runs = chatters.map(async (chatter) => {
    const sends: Promise<Sent>[] = [];
    for (let i = 0; i < count; i++) {
      const text = `${chatter.name}-${label}${i}`;
      // Not awaited: a client keeps typing while earlier messages wait in its outbox.
      sends.push(
        chatter.client.send(roomId, text).then((result) => {
          if (result.ok) acknowledged();
          return { from: chatter.name, text, result };
        }),
      );
      // Jittered, so the clients do not send in lockstep.
      await sleep(intervalMs * (0.5 + Math.random()));
    }
    return Promise.all(sends);
  });

  return {
    get acked() {
      return acked;
    },
    total: chatters.length * count,
    whenAcked: (target) =>
      acked >= target ? Promise.resolve() : new Promise((resolve) => waiters.push({ count: target, resolve })),
    finished: Promise.all(runs).then((all) => all.flat()),
  };
}

/** The room's whole main timeline as the server has it, oldest first, read page by page. */
export async function serverHistory(reader: Chatter, roomId: RoomId = ROOM): Promise<RoomMessage[]> {
  const history: RoomMessage[] = [];
  // Bounded: a history of a few hundred messages takes a handful of pages.
  for (let page = 0; page < 200; page++) {
    const after = history.at(-1)?.seq ?? 0;
    const result = await reader.client.request("message:list", { roomId, after, limit: HISTORY_LIMIT });
    if (!result.ok) throw new Error(`message:list after ${after} failed: ${result.error.code} ${result.error.message}`);
    history.push(...result.data.messages);
    if (!result.data.hasMore || result.data.messages.length === 0) return history;
  }
  throw new Error("The history did not end within 200 pages");
}

/** What two copies of a message must agree on (a client's copy may differ in nothing a user can see). */
export function visible(message: RoomMessage) {
  return message.kind === "user"
    ? {
        seq: message.seq,
        id: message.id,
        author: message.author,
        text: message.text,
        editedAt: message.editedAt,
        deleted: message.deleted,
      }
    : { seq: message.seq, id: message.id, event: message.event, user: message.user };
}

export function timelineOf(chatter: Chatter, roomId: RoomId = ROOM) {
  return chatter.client.getSnapshot().timelines[roomId]?.messages.map(visible);
}

export interface Changes {
  /** Edited messages' ids, with their new text. */
  edited?: ReadonlyMap<string, string>;
  /** Deleted messages' ids. */
  deleted?: ReadonlySet<string>;
}

/**
 * Nothing lost, nothing twice: the history's seqs run 1..N without holes;
 * every send was acknowledged in the end, each with its own message; each
 * acknowledged message is stored exactly once, as sent (or as edited or
 * deleted since); and the room holds no user message nobody sent.
 */
export function expectEveryMessageOnce(history: RoomMessage[], sent: Sent[], changes: Changes = {}): void {
  expect(
    history.map((message) => message.seq),
    "seqs without holes",
  ).toEqual(Array.from({ length: history.length }, (_, i) => i + 1));

  const failed = sent.filter(({ result }) => !result.ok);
  expect(failed, "sends that failed for good").toEqual([]);

  const ackedIds = sent.map(({ result }) => (result.ok ? result.data.id : ""));
  expect(new Set(ackedIds).size, "one message per send (a retry answers the original)").toBe(sent.length);

  const stored = history.filter((message) => message.kind === "user");
  const lost = sent.filter(({ result }) => result.ok && !stored.some((message) => message.id === result.data.id));
  expect(
    lost.map(({ text }) => text),
    "acknowledged but not stored",
  ).toEqual([]);
  const strays = stored.filter((message) => !ackedIds.includes(message.id));
  expect(
    strays.map((message) => `${message.seq}: ${message.text}`),
    "stored but never acknowledged (duplicates)",
  ).toEqual([]);

  const expected = sent.map(({ text, result }) => {
    const id = result.ok ? result.data.id : "";
    const deleted = changes.deleted?.has(id) ?? false;
    return { id, text: deleted ? "" : (changes.edited?.get(id) ?? text), deleted };
  });
  const actual = sent.map(({ result }) => {
    const message = stored.find((m) => result.ok && m.id === result.data.id);
    return { id: message?.id ?? "", text: message?.text, deleted: message?.deleted };
  });
  expect(actual, "each message as sent, edited or deleted").toEqual(expected);
  // Sent texts are unique, so a text stored twice is a duplicate under another id.
  const texts = stored.filter((message) => !message.deleted).map((message) => message.text);
  expect(texts.length - new Set(texts).size, "texts stored twice").toBe(0);
}

/** Every client's store ends up holding exactly the server's history, edits and deletions included. */
export async function expectConverged(chatters: readonly Chatter[], history: RoomMessage[]): Promise<void> {
  const expected = history.map(visible);
  for (const chatter of chatters) {
    await expect
      .poll(() => timelineOf(chatter), {
        timeout: settings.convergeMs,
        interval: 100,
        message: `${chatter.name}'s store converges on the server's history`,
      })
      .toEqual(expected);
  }
}

export function closeAll(chatters: readonly Chatter[]): void {
  for (const chatter of chatters) chatter.client.close();
}

/** Waits for `work`, but never past `ms`: then fails, saying what it waited for and how things stood. */
export async function within<T>(
  work: Promise<T>,
  ms: number,
  what: string,
  state: () => unknown = () => "",
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms. ${JSON.stringify(state())}`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** How each client stands, for failure messages. */
export function describeChatters(chatters: readonly Chatter[]) {
  return chatters.map((chatter) => {
    const state = chatter.client.getSnapshot();
    return {
      name: chatter.name,
      connection: state.connection,
      rejection: state.rejection,
      messages: state.timelines[ROOM]?.messages.length,
    };
  });
}
