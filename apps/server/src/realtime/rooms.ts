import { DEFAULT_ROOM_ID, err, ok, type RoomId, type RoomMessage, type User } from "@parley/protocol";
import type { NewRoomMessage } from "../store/store.js";
import { access } from "./access.js";
import type { RequestHandlers } from "./boundary.js";
import type { ParleySocket, RealtimeContext } from "./context.js";
import { personalRoom } from "./socket-rooms.js";
import { joinRoom, leaveRoom, subscriptionsReady } from "./subscriptions.js";

/** Stores a room message, then tells everyone in the room (with the others stored alongside it). */
export async function announce(ctx: RealtimeContext, message: NewRoomMessage): Promise<RoomMessage> {
  const stored = await ctx.store.appendRoomMessage(message);
  // Answered once broadcast: no one hears of it before the messages stored ahead of it.
  await ctx.newMessages.add(stored);
  return stored;
}

/**
 * Brings people who were just added to a room into it: their sockets join,
 * their sidebars get it, and the room hears they joined. `except` is the
 * socket that asked, which learns it from its ack instead.
 */
export async function welcome(ctx: RealtimeContext, roomId: RoomId, people: User[], except?: ParleySocket) {
  joinRoom(
    ctx,
    people.map((person) => person.username),
    roomId,
  );
  for (const person of people) {
    const summary = await ctx.store.summaryOf(roomId, person);
    const target = personalRoom(person.username);
    if (except?.data.user.id === person.id) except.to(target).emit("room:added", summary);
    else ctx.io.to(target).emit("room:added", summary);
  }
}

/** A new account is a member of #general (the store made it so): the channel hears it. */
export async function welcomeToGeneral(ctx: RealtimeContext, user: User): Promise<void> {
  await announce(ctx, { kind: "system", roomId: DEFAULT_ROOM_ID, event: "joined", user: user.username });
  await roomChanged(ctx, DEFAULT_ROOM_ID);
}

/** Members see the room change (name, topic, member count). */
async function roomChanged(ctx: RealtimeContext, roomId: RoomId): Promise<void> {
  const room = await ctx.store.findRoom(roomId);
  if (room) ctx.io.to(roomId).emit("room:updated", room);
}

export const roomRequests: RequestHandlers = {
  "room:list": async (ctx, socket) => {
    const { user } = socket.data;
    // Answer only once the socket hears its rooms, so nothing after the answer is missed.
    await subscriptionsReady(socket);
    return ok({ rooms: await ctx.store.roomsOf(user) });
  },

  "room:browse": async (ctx, socket, { query }) => ok({ rooms: await ctx.store.browseChannels(query) }),

  "room:create": async (ctx, socket, { name, topic, visibility }) => {
    const { user } = socket.data;
    const room = await ctx.store.createChannel({ name, topic, visibility, ownerId: user.id });
    if (!room) return err("invalid_payload", "That channel name is taken");
    // Its first message, stored before anyone hears of the room: every
    // device of the creator gets the room with it (history says how it began).
    await announce(ctx, { kind: "system", roomId: room.id, event: "created", user: user.username, name: room.name });
    await welcome(ctx, room.id, [user], socket);
    return ok(await ctx.store.summaryOf(room.id, user));
  },

  "room:join": async (ctx, socket, { roomId }) => {
    const { user } = socket.data;
    const visible = await access(ctx, socket, roomId, "read");
    if (!visible.ok) return visible;
    // Only a public channel lets a non-member in (access refuses the rest).
    const added = await ctx.store.addMembers(roomId, [user.id]);
    if (added.length > 0) {
      await welcome(ctx, roomId, [user], socket);
      await announce(ctx, { kind: "system", roomId, event: "joined", user: user.username });
      await roomChanged(ctx, roomId);
    }
    return ok(await ctx.store.summaryOf(roomId, user));
  },

  "room:leave": async (ctx, socket, { roomId }) => {
    const { user } = socket.data;
    const member = await access(ctx, socket, roomId, "write");
    if (!member.ok) return member;
    if (roomId === DEFAULT_ROOM_ID) return err("forbidden", "Everyone stays in #general");
    if (member.data.kind === "dm") return err("forbidden", "A direct conversation's people are fixed");
    if (!(await ctx.store.removeMember(roomId, user.id))) return ok({ roomId });
    // Told while the leaver still hears the room, so all their devices see it too.
    await announce(ctx, { kind: "system", roomId, event: "left", user: user.username });
    leaveRoom(ctx, user.username, roomId);
    socket.to(personalRoom(user.username)).emit("room:removed", { roomId });
    await roomChanged(ctx, roomId);
    return ok({ roomId });
  },

  "room:invite": async (ctx, socket, { roomId, usernames }) => {
    const member = await access(ctx, socket, roomId, "write");
    if (!member.ok) return member;
    if (member.data.kind === "dm") return err("forbidden", "Open a new direct conversation to add people");
    const people = await ctx.store.findUsers(usernames);
    const found = new Set(people.map((person) => person.username.toLowerCase()));
    const unknown = usernames.filter((name) => !found.has(name.toLowerCase()));
    if (unknown.length > 0) return err("not_found", `No such user: ${[...new Set(unknown)].join(", ")}`);
    const added = new Set(
      await ctx.store.addMembers(
        roomId,
        people.map((person) => person.id),
      ),
    );
    const newcomers = people.filter((person) => added.has(person.id));
    if (newcomers.length > 0) {
      await welcome(ctx, roomId, newcomers);
      for (const newcomer of newcomers) {
        await announce(ctx, { kind: "system", roomId, event: "joined", user: newcomer.username });
      }
      await roomChanged(ctx, roomId);
    }
    return ok({ roomId, members: await ctx.store.members(roomId) });
  },

  "room:update": async (ctx, socket, { roomId, name, topic }) => {
    const { user } = socket.data;
    const member = await access(ctx, socket, roomId, "write");
    if (!member.ok) return member;
    if (member.data.ownerId !== user.id) return err("forbidden", "Only the channel's owner may change it");
    const before = await ctx.store.findRoom(roomId);
    const room = await ctx.store.updateChannel(roomId, { name, topic });
    if (!room) return err("invalid_payload", "That channel name is taken");
    ctx.io.to(roomId).emit("room:updated", room);
    // The room hears what changed, and who changed it; saving the same again says nothing.
    if (before && room.name !== before.name) {
      await announce(ctx, {
        kind: "system",
        roomId,
        event: "renamed",
        user: user.username,
        from: before.name,
        to: room.name,
      });
    }
    if (before && room.topic !== before.topic) {
      await announce(ctx, { kind: "system", roomId, event: "topic_changed", user: user.username, topic: room.topic });
    }
    return ok(room);
  },

  "room:members": async (ctx, socket, { roomId }) => {
    const visible = await access(ctx, socket, roomId, "read");
    if (!visible.ok) return visible;
    return ok({ roomId, members: await ctx.store.members(roomId) });
  },
};
