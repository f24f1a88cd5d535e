import { DM_MAX_MEMBERS, err, ok } from "@parley/protocol";
import type { RequestHandlers } from "./boundary.js";
import { welcome } from "./rooms.js";

/** Direct conversations: one room per set of people, found again whoever opens it. */
export const directMessageRequests: RequestHandlers = {
  "dm:open": async (ctx, socket, { usernames }) => {
    const { user } = socket.data;
    const others = await ctx.store.findUsers(usernames);
    const found = new Set(others.map((person) => person.username.toLowerCase()));
    const unknown = usernames.filter((name) => !found.has(name.toLowerCase()));
    if (unknown.length > 0) return err("not_found", `No such user: ${[...new Set(unknown)].join(", ")}`);

    const people = [user, ...others.filter((person) => person.id !== user.id)];
    if (people.length < 2) return err("invalid_payload", "A conversation needs someone besides you");
    if (people.length > DM_MAX_MEMBERS) {
      return err("invalid_payload", `A conversation has at most ${DM_MAX_MEMBERS} people`);
    }

    const { room, created } = await ctx.store.openDm(people.map((person) => person.id));
    if (created) await welcome(ctx, room.id, people, socket);
    return ok(await ctx.store.summaryOf(room.id, user));
  },
};
