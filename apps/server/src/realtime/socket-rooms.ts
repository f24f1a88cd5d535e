import type { Username } from "@parley/protocol";

// Socket.IO rooms the server uses internally. Chat room ids cannot contain
// ':', so these never collide with a chat room.

/** Every socket of a person, so a private message reaches all their tabs. */
export function personalRoom(username: Username): string {
  return `user:${username.toLowerCase()}`;
}
