import type { RoomId, RoomMessage } from "@parley/protocol";

/**
 * The least time between two broadcasts to one room. A busy room's messages
 * wait at most this long and go out together, so a room of a thousand costs
 * at most a hundred packets a second to each member (and to the server a
 * hundred writes a second per member), however fast its people type.
 */
export const ROOM_BROADCAST_GAP_MS = 10;

/** A room that broadcast within the gap: what it stored since, and when they are sent. */
interface BusyRoom {
  messages: RoomMessage[];
  sent: PromiseWithResolvers<void>;
}

/**
 * Sends each room's new messages together, as one `message:created`.
 *
 * A quiet room's message goes out at once, in a microtask: nothing waits for
 * a timer, and the appends of one group commit (see store/group-commit.ts),
 * which finish together, share it. After a broadcast the room is busy for
 * `gapMs`: what it stores meanwhile waits for the gap to end and goes out
 * then, in one packet, one write per socket and one parse per client. Most of
 * what fan-out costs is per packet, not per message.
 *
 * `add` resolves once the message is broadcast, so its sender's ack (and
 * whatever the request emits next) follows the broadcast: a client never
 * hears of a message before the ones stored ahead of it.
 */
export class MessageBatch {
  readonly #rooms = new Map<RoomId, BusyRoom>();
  readonly #broadcast: (roomId: RoomId, messages: RoomMessage[]) => void;
  readonly #gapMs: number;

  constructor(broadcast: (roomId: RoomId, messages: RoomMessage[]) => void, gapMs = ROOM_BROADCAST_GAP_MS) {
    this.#broadcast = broadcast;
    this.#gapMs = gapMs;
  }

  /** Queues a stored message; resolves once it is broadcast. */
  add(message: RoomMessage): Promise<void> {
    const { roomId } = message;
    let room = this.#rooms.get(roomId);
    if (!room) {
      room = { messages: [], sent: Promise.withResolvers() };
      this.#rooms.set(roomId, room);
      queueMicrotask(() => this.#flush(roomId));
    }
    room.messages.push(message);
    return room.sent.promise;
  }

  /** Broadcasts what the room holds, then keeps it busy for the gap; a gap with nothing stored ends it. */
  #flush(roomId: RoomId): void {
    const room = this.#rooms.get(roomId);
    if (!room) return;
    if (room.messages.length === 0) {
      this.#rooms.delete(roomId);
      return;
    }
    const { messages, sent } = room;
    room.messages = [];
    room.sent = Promise.withResolvers();
    // Oldest first, whatever order their commits were answered in.
    messages.sort((a, b) => a.seq - b.seq);
    try {
      this.#broadcast(roomId, messages);
    } finally {
      sent.resolve();
      setTimeout(() => this.#flush(roomId), this.#gapMs);
    }
  }
}
