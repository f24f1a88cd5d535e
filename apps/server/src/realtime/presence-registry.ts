import type { RoomId, Username } from "@parley/protocol";

interface Person {
  username: Username;
  /** Each connected socket (tab, device) and the rooms it has joined. */
  sockets: Map<string, Set<RoomId>>;
}

/**
 * Who is connected to this node, and through which sockets. All the sockets
 * of one account are one presence: online with the first, offline with the
 * last. Names compare case-insensitively.
 */
export class PresenceRegistry {
  readonly #people = new Map<string, Person>();

  /** Records the socket; true when the person just came online. */
  connect(username: Username, socketId: string): boolean {
    const existing = this.#people.get(key(username));
    const person = existing ?? { username, sockets: new Map() };
    person.sockets.set(socketId, new Set());
    this.#people.set(key(username), person);
    return existing === undefined;
  }

  /** Records the join; true when it is the person's first socket in the room. */
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
