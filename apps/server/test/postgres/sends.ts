import { randomUUID } from "node:crypto";
import { HISTORY_LIMIT, type Result, type RoomMessage } from "@parley/protocol";
import { expect } from "vitest";
import type { TestSocket } from "../harness.js";

/** Longer than any answer takes; a request left unanswered fails the test rather than hanging it. */
const ANSWER_WITHIN_MS = 15_000;

export interface Send {
  socket: TestSocket;
  clientId: string;
  text: string;
  /** Every answer it got, first try first. */
  answers: Result<RoomMessage>[];
}

/** The code of an answer: "ok", or the error's. */
export const codeOf = (answer: Result<unknown>) => (answer.ok ? "ok" : answer.error.code);

/**
 * Sends to #general, as a client's outbox does: a clientId per message, kept
 * for every retry.
 */
export class Sends {
  readonly all: Send[] = [];

  /** `count` messages from `socket`, all on their way at once; resolves with their first answers. */
  burst(socket: TestSocket, label: string, count: number): Promise<Result<RoomMessage>[]> {
    const sends = Array.from({ length: count }, (_, i) => {
      const send: Send = { socket, clientId: randomUUID(), text: `${label}-${i}`, answers: [] };
      this.all.push(send);
      return send;
    });
    return Promise.all(sends.map((send) => this.#try(send)));
  }

  /** Every send not acknowledged yet, tried again with its clientId; resolves with the new answers. */
  retryUnacknowledged(): Promise<Result<RoomMessage>[]> {
    const unacknowledged = this.all.filter((send) => !send.answers.some((answer) => answer.ok));
    return Promise.all(unacknowledged.map((send) => this.#try(send)));
  }

  /** How many answers of each code came back, over every try. */
  codes(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const answer of this.all.flatMap((send) => send.answers)) {
      const code = codeOf(answer);
      counts[code] = (counts[code] ?? 0) + 1;
    }
    return counts;
  }

  async #try(send: Send): Promise<Result<RoomMessage>> {
    // With a timeout, socket.io-client no longer infers the ack's type.
    const answer = (await send.socket.timeout(ANSWER_WITHIN_MS).emitWithAck("message:send", {
      clientId: send.clientId,
      roomId: "general",
      text: send.text,
    })) as Result<RoomMessage>;
    send.answers.push(answer);
    return answer;
  }
}

/** The room's whole main timeline, oldest first, page by page. */
export async function wholeHistory(socket: TestSocket, roomId = "general"): Promise<RoomMessage[]> {
  const messages: RoomMessage[] = [];
  for (;;) {
    const page = await socket.emitWithAck("message:list", {
      roomId,
      after: messages.at(-1)?.seq ?? 0,
      limit: HISTORY_LIMIT,
    });
    if (!page.ok) throw new Error(`message:list failed: ${page.error.code}`);
    messages.push(...page.data.messages);
    if (!page.data.hasMore || page.data.messages.length === 0) return messages;
  }
}

/**
 * Nothing acknowledged is missing and nothing is stored twice: every send was
 * acknowledged in the end, every answer it got that was ok names the one
 * message stored for it, and the room holds no other user message and no
 * hole in its sequence.
 */
export function expectEachStoredOnce(history: RoomMessage[], sends: Send[]): void {
  expect(
    history.map((message) => message.seq),
    "sequence numbers without holes",
  ).toEqual(history.map((_, i) => i + 1));
  const stored = history.filter((message) => message.kind === "user");
  const unacknowledged = sends.filter((send) => !send.answers.some((answer) => answer.ok));
  expect(
    unacknowledged.map((send) => send.text),
    "sends never acknowledged",
  ).toEqual([]);
  for (const send of sends) {
    const copies = stored.filter((message) => message.clientId === send.clientId);
    expect(
      copies.map((message) => message.text),
      `${send.text} stored once`,
    ).toEqual([send.text]);
    const ids = send.answers.flatMap((answer) => (answer.ok ? [answer.data.id] : []));
    expect(ids, `every ack of ${send.text} names the stored message`).toEqual(ids.map(() => copies[0]?.id));
  }
  expect(stored.length, "no message nobody sent").toBe(sends.length);
}
