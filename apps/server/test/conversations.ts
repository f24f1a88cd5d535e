import { randomUUID } from "node:crypto";
import { fullMessage, type RequestPayload, type Room, type RoomMessage, type UserMessage } from "@parley/protocol";
import type { TestSocket } from "./harness.js";

/** Posts (under a new clientId) and expects success. */
export async function post(socket: TestSocket, roomId: string, text: string, threadId?: string): Promise<UserMessage> {
  const clientId = randomUUID();
  const payload: RequestPayload<"message:send"> =
    threadId === undefined ? { clientId, roomId, text } : { clientId, roomId, text, threadId };
  const ack = await socket.emitWithAck("message:send", payload);
  if (!ack.ok) throw new Error(`message:send failed: ${ack.error.message}`);
  return asUser(ack.data);
}

export function asUser(message: RoomMessage): UserMessage {
  if (message.kind !== "user") throw new Error(`expected a user message, got ${message.kind}`);
  return message;
}

/** A channel created by `owner`, with `invited` added to it. */
export async function channel(
  owner: TestSocket,
  name: string,
  visibility: "public" | "private",
  invited: string[] = [],
): Promise<Room> {
  const created = await owner.emitWithAck("room:create", { name, visibility });
  if (!created.ok) throw new Error(`room:create failed: ${created.error.message}`);
  if (invited.length > 0) {
    const added = await owner.emitWithAck("room:invite", { roomId: created.data.id, usernames: invited });
    if (!added.ok) throw new Error(`room:invite failed: ${added.error.message}`);
  }
  return created.data;
}

/** The direct conversation between `opener` and `others`. */
export async function dm(opener: TestSocket, others: string[]): Promise<Room> {
  const opened = await opener.emitWithAck("dm:open", { usernames: others });
  if (!opened.ok) throw new Error(`dm:open failed: ${opened.error.message}`);
  return opened.data;
}

/**
 * Everything `socket` receives from now on, of the message events; read it
 * after a request of the socket's own, which is answered after anything sent
 * to it before.
 */
export function recorder(socket: TestSocket): unknown[] {
  const seen: unknown[] = [];
  socket.on("message:created", ({ messages }) =>
    seen.push(...messages.map((message) => ["message:created", fullMessage(message)])),
  );
  socket.on("message:updated", (message) => seen.push(["message:updated", message]));
  return seen;
}
