import { randomUUID } from "node:crypto";
import { ErrorCode, type ProtocolError, type RoomMessage } from "@parley/protocol";
import { expect } from "vitest";
import { nextMessageWhere, presenceUntil, type TestSocket } from "../harness.js";

/** Property names on the built-in prototypes, to show that nothing was added to them. */
export function prototypeSnapshot(): Record<string, string[]> {
  const names = (proto: object) => Reflect.ownKeys(proto).map(String).sort();
  return {
    object: names(Object.prototype),
    array: names(Array.prototype),
    function: names(Function.prototype),
    string: names(String.prototype),
  };
}

/** Nothing a client sent reached the built-in prototypes of this process (which the server shares). */
export function expectCleanPrototypes(before: Record<string, string[]>): void {
  expect(prototypeSnapshot()).toEqual(before);
  const probe: Record<string, unknown> = {};
  for (const key of ["polluted", "isAdmin", "admin", "roomId", "text", "to"]) expect(probe[key], key).toBeUndefined();
}

/** A Result whose data has not been looked at yet. */
export type AnyResult = { ok: true; data: unknown } | { ok: false; error: ProtocolError };

/** An ack that is a well-formed Result whose error code is in the protocol's enum. */
export function expectResult(ack: unknown): asserts ack is AnyResult {
  expect(ack).toSatisfy(isWellFormedResult);
}

export function isWellFormedResult(ack: unknown): boolean {
  if (typeof ack !== "object" || ack === null) return false;
  const keys = Object.keys(ack).sort().join(",");
  const result = ack as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };
  if (result.ok === true) return keys === "data,ok" && result.data !== undefined;
  if (result.ok !== false || keys !== "error,ok" || typeof result.error !== "object" || result.error === null) {
    return false;
  }
  return (
    Object.keys(result.error).sort().join(",") === "code,message" &&
    ErrorCode.safeParse(result.error.code).success &&
    typeof result.error.message === "string"
  );
}

/** The refusal every malformed request gets. */
export const invalidPayload = { ok: false, error: { code: "invalid_payload", message: expect.any(String) } };

/** Proves the server still serves everyone: alice posts in `general` and bob receives it. */
export async function stillServing(alice: TestSocket, bob: TestSocket, text = "still here?"): Promise<RoomMessage> {
  // Others' joins and departures may come first.
  const received = nextMessageWhere(bob, (m) => m.kind === "user" && m.author === "alice" && m.text === text);
  const ack = await alice.emitWithAck("message:send", { clientId: randomUUID(), roomId: "general", text });
  expect(ack).toMatchObject({ ok: true, data: { author: "alice", text } });
  expect(await received).toEqual(ack.ok && ack.data);
  return await received;
}

/** The user messages in `general`'s recent history, as `author: text`. */
export async function userMessagesInGeneral(socket: TestSocket): Promise<string[]> {
  const page = await socket.emitWithAck("message:list", { roomId: "general" });
  if (!page.ok) throw new Error(`message:list failed: ${page.error.code}`);
  return page.data.messages.flatMap((m) => (m.kind === "user" ? [`${m.author}: ${m.text}`] : []));
}

/** Resolves when `watcher` hears that `username` went offline: the server has let go of all their sockets. */
export async function wentOffline(watcher: TestSocket, username: string): Promise<void> {
  await presenceUntil(watcher, username, "offline");
}

/**
 * After whatever mallory did: the server is unharmed, alice still reaches bob,
 * nothing of mallory's is in the history, and the built-in prototypes are as
 * they were in `baseline`.
 */
export async function expectUnharmed(
  { alice, bob }: { alice: TestSocket; bob: TestSocket },
  baseline: Record<string, string[]>,
): Promise<void> {
  await stillServing(alice, bob);
  expect(await userMessagesInGeneral(bob)).toEqual(["alice: still here?"]);
  expectCleanPrototypes(baseline);
}
