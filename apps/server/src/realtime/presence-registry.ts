import type { RoomId, Username } from "@parley/protocol";

interface Person {
  username: Username;
  deviceKey: string;
  /** Each connected socket (tab) and the rooms it has joined. */
  sockets: Map<string, Set<RoomId>>;
}

export type ConnectOutcome = { ok: true; cameOnline: boolean } | { ok: false };

/**
 * Who is connected to this node, and through which sockets. Several tabs of
 * one person (one device key) are one presence: online with the first tab,
 * offline with the last. Names compare case-insensitively.
 */
export class PresenceRegistry {
  readonly #people = new Map<string, Person>();

  /** Is the name held by someone on another device? */
  isTaken(username: Username, deviceKey: string): boolean {
    const person = this.#people.get(key(username));
    return person !== undefined && person.deviceKey !== deviceKey;
  }

  connect(username: Username, deviceKey: string, socketId: string): ConnectOutcome {
    const existing = this.#people.get(key(username));
    if (existing && existing.deviceKey !== deviceKey) return { ok: false };
    const person = existing ?? { username, deviceKey, sockets: new Map() };
    person.sockets.set(socketId, new Set());
    this.#people.set(key(username), person);
    return { ok: true, cameOnline: existing === undefined };
  }

  /** Records the join; true when it is the person's first tab in the room. */
  joinRoom(username: Username, socketId: string, roomId: RoomId): boolean {
    const person = this.#people.get(key(username));
    const rooms = person?.sockets.get(socketId);
    if (!person || !rooms) return false;
    const wasThere = [...person.sockets.values()].some((joined) => joined.has(roomId));
    rooms.add(roomId);
    return !wasThere;
  }

  /** Forgets the socket; says which rooms the person has now left and whether they went offline. */
  disconnect(username: Username, socketId: string): { roomsLeft: RoomId[]; wentOffline: boolean } {
    const person = this.#people.get(key(username));
    const rooms = person?.sockets.get(socketId);
    if (!person || !rooms) return { roomsLeft: [], wentOffline: false };
    person.sockets.delete(socketId);
    const stillIn = new Set([...person.sockets.values()].flatMap((joined) => [...joined]));
    const roomsLeft = [...rooms].filter((roomId) => !stillIn.has(roomId));
    const wentOffline = person.sockets.size === 0;
    if (wentOffline) this.#people.delete(key(username));
    return { roomsLeft, wentOffline };
  }

  /** The name as its holder spelled it, if they are online. */
  find(username: Username): Username | undefined {
    return this.#people.get(key(username))?.username;
  }

  online(): Username[] {
    return [...this.#people.values()].map((person) => person.username).sort();
  }
}

function key(username: Username): string {
  return username.toLowerCase();
}
