import type { RoomSummary } from "@parley/protocol";
import { describe, expect, it } from "vitest";
import { roomLabel, roomTitle, sortRooms } from "./room-name.js";

const room = (id: string, fields: Partial<RoomSummary>): RoomSummary => ({
  id,
  kind: "channel",
  name: id,
  topic: "",
  visibility: "public",
  ownerId: null,
  memberCount: 2,
  lastSeq: 0,
  dmMembers: [],
  read: { roomId: id, lastReadSeq: 0, unread: 0, mentions: 0 },
  ...fields,
});

describe("room names", () => {
  it("names a channel by its name and a direct conversation by the other people in it", () => {
    expect(roomLabel(room("design", {}), "bob")).toBe("#design");
    expect(roomTitle(room("d1", { kind: "dm", name: "", dmMembers: ["alice", "bob", "carol"] }), "bob")).toBe(
      "alice, carol",
    );
  });

  it("sorts channels by name and direct conversations by their newest activity", () => {
    const { channels, dms } = sortRooms(
      [
        room("random", {}),
        room("d1", { kind: "dm", dmMembers: ["bob", "alice"], lastSeq: 3 }),
        room("general", {}),
        room("d2", { kind: "dm", dmMembers: ["bob", "carol"], lastSeq: 9 }),
      ],
      "bob",
    );
    expect(channels.map((each) => each.id)).toEqual(["general", "random"]);
    expect(dms.map((each) => each.id)).toEqual(["d2", "d1"]);
  });
});
