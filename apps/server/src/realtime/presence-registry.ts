import type { Username } from "@parley/protocol";

interface Person {
  username: Username;
  /** Each connected socket (tab, device). */
  sockets: Set<string>;
  away: boolean;
}

/**
 * Who is connected to this node, and through which sockets. All the sockets
 * of one account are one presence: online with the first, offline with the
 * last, away when the user says so. Names compare case-insensitively.
 */
export class PresenceRegistry {
  readonly #people = new Map<string, Person>();

  /** Records the socket; true when the person just came online. */
  connect(username: Username, socketId: string): boolean {
    const existing = this.#people.get(key(username));
    const person = existing ?? { username, sockets: new Set<string>(), away: false };
    person.sockets.add(socketId);
    this.#people.set(key(username), person);
    return existing === undefined;
  }

  /** Forgets the socket; true when it was the person's last one. */
  disconnect(username: Username, socketId: string): boolean {
    const person = this.#people.get(key(username));
    if (!person?.sockets.delete(socketId)) return false;
    if (person.sockets.size > 0) return false;
    this.#people.delete(key(username));
    return true;
  }

  /** Away or back; true when that changed something. Ignored for people not connected. */
  setStatus(username: Username, status: "online" | "away"): boolean {
    const person = this.#people.get(key(username));
    if (!person || person.away === (status === "away")) return false;
    person.away = status === "away";
    return true;
  }

  /** The name as its holder spelled it, if they are connected. */
  find(username: Username): Username | undefined {
    return this.#people.get(key(username))?.username;
  }

  /** Everyone connected, away or not, sorted by name. */
  online(): Username[] {
    return [...this.#people.values()].map((person) => person.username).sort();
  }

  away(): Username[] {
    return [...this.#people.values()]
      .filter((person) => person.away)
      .map((person) => person.username)
      .sort();
  }
}

function key(username: Username): string {
  return username.toLowerCase();
}
