import type { RoomId, Username } from "@parley/protocol";
import type { ParleySocket, RealtimeContext } from "./context.js";
import { personalRoom } from "./socket-rooms.js";

/**
 * Each socket is in the Socket.IO room of every chat room its user belongs to,
 * so a broadcast to a room reaches exactly its members.
 */
const subscribed = new WeakMap<ParleySocket, Promise<void>>();

/** On connection: join the socket to its user's rooms. */
export function subscribe(ctx: RealtimeContext, socket: ParleySocket): void {
  // Tracked, so a shutdown does not close the store under it.
  const joined = ctx.lifecycle.track(
    // Ids only: the sidebar's summaries count unread messages, which a connection does not need.
    ctx.store.roomIdsOf(socket.data.user).then((roomIds) => socket.join(roomIds)),
  );
  subscribed.set(socket, joined);
  // Once in, nothing needs to wait: the entry goes, and with it its memory.
  const forget = () => subscribed.delete(socket);
  joined.then(forget, (error: unknown) => {
    forget();
    // Not in its rooms, the socket would hear none of their messages, for as
    // long as it stays. Its transport is closed instead (not a Socket.IO
    // disconnect, which tells a client not to come back): the client
    // reconnects with backoff, and joins them once the database answers.
    ctx.logger.warn({ err: error, socket: socket.id }, "could not join a socket to its rooms; closing it");
    socket.conn.close();
  });
}

/**
 * Resolves once the socket is in its rooms. A request that tells the client
 * where to start (room:list) waits for it, so that nothing broadcast after its
 * answer can be missed.
 */
export function subscriptionsReady(socket: ParleySocket): Promise<void> {
  return subscribed.get(socket) ?? Promise.resolve();
}

/** Every socket of these people (on this node and, with an adapter, others) joins the room. */
export function joinRoom(ctx: RealtimeContext, usernames: Username[], roomId: RoomId): void {
  ctx.io.in(usernames.map(personalRoom)).socketsJoin(roomId);
}

export function leaveRoom(ctx: RealtimeContext, username: Username, roomId: RoomId): void {
  ctx.io.in(personalRoom(username)).socketsLeave(roomId);
}
