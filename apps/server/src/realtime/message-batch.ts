import type { RoomId, RoomMessage } from "@parley/protocol";

/**
 * Gathers the messages stored in one turn of the event loop and sends each
 * room's together, as one `message:created`. The appends of one group commit
 * finish together (see store/group-commit.ts), so under load one packet, one
 * write per socket and one parse per client carry many messages, which is most
 * of what fan-out costs; a quiet room still gets each message on its own, at
 * once.
 *
 * The batch goes out in a microtask, so nothing waits for a timer, and it goes
 * before the senders' acks and before whatever their requests emit next.
 */
export class MessageBatch {
  readonly #pending = new Map<RoomId, RoomMessage[]>();
  readonly #broadcast: (roomId: RoomId, messages: RoomMessage[]) => void;

  constructor(broadcast: (roomId: RoomId, messages: RoomMessage[]) => void) {
    this.#broadcast = broadcast;
  }

  /** Queues a stored message; the first of a turn schedules the broadcast. */
  add(message: RoomMessage): void {
    const room = this.#pending.get(message.roomId);
    if (room) {
      room.push(message);
      return;
    }
    if (this.#pending.size === 0) queueMicrotask(() => this.#flush());
    this.#pending.set(message.roomId, [message]);
  }

  #flush(): void {
    const rooms = [...this.#pending];
    this.#pending.clear();
    for (const [roomId, messages] of rooms) {
      // Oldest first, whatever order their commits were answered in.
      messages.sort((a, b) => a.seq - b.seq);
      this.#broadcast(roomId, messages);
    }
  }
}
