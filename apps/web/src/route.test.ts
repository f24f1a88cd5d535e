import { describe, expect, it } from "vitest";
import { HOME, parseRoute, routePath } from "./route.js";

const thread = "0b9f4c7e-2d61-4c0e-9d5c-6a1f2b3c4d5e";
const message = "5a0e8f3b-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

describe("routes", () => {
  it("reads back every address it writes", () => {
    const channel = { id: "general", kind: "channel" } as const;
    const dm = { id: "dm-1a2b", kind: "dm" } as const;
    for (const [room, place] of [
      [channel, {}],
      [dm, {}],
      [channel, { threadId: thread }],
      [channel, { messageId: message }],
      [dm, { threadId: thread, messageId: message }],
    ] as const) {
      const path = routePath(room, place);
      expect(parseRoute(path)).toEqual({
        roomId: room.id,
        threadId: "threadId" in place ? place.threadId : null,
        messageId: "messageId" in place ? place.messageId : null,
        valid: true,
      });
    }
    expect(routePath(dm, { threadId: thread, messageId: message })).toBe(
      `/dms/dm-1a2b/threads/${thread}/messages/${message}`,
    );
  });

  it("takes / as home, and anything else it does not know as invalid", () => {
    expect(parseRoute("/")).toEqual(HOME);
    for (const path of [
      "/rooms/general",
      "/channels/General",
      "/channels/general/threads/not-an-id",
      `/channels/general/messages/${message}/threads/${thread}`,
      `/channels/general/threads/${thread}/threads/${thread}`,
      `/channels/general/replies/${thread}`,
    ]) {
      expect([path, parseRoute(path).valid]).toEqual([path, false]);
    }
  });
});
