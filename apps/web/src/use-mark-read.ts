import type { ParleyClient } from "@parley/client";
import type { RoomSummary } from "@parley/protocol";
import { useEffect, useState } from "react";

function looking(): boolean {
  return document.visibilityState === "visible" && document.hasFocus();
}

/** Marks the open room read while the person can see it: the window focused and the tab visible. */
export function useMarkRead(client: Pick<ParleyClient, "markRead">, room: RoomSummary | undefined): void {
  const [attentive, setAttentive] = useState(looking);

  useEffect(() => {
    const update = () => setAttentive(looking());
    window.addEventListener("focus", update);
    window.addEventListener("blur", update);
    document.addEventListener("visibilitychange", update);
    return () => {
      window.removeEventListener("focus", update);
      window.removeEventListener("blur", update);
      document.removeEventListener("visibilitychange", update);
    };
  }, []);

  const roomId = room?.id;
  const behind = room !== undefined && (room.read.lastReadSeq < room.lastSeq || room.read.unread > 0);
  useEffect(() => {
    if (roomId !== undefined && behind && attentive) void client.markRead(roomId);
  }, [client, roomId, behind, attentive, room?.lastSeq]);
}
