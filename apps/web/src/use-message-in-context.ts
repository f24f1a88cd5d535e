import type { ParleyClient, Timeline } from "@parley/client";
import type { MessageId, RoomId } from "@parley/protocol";
import { useEffect, useState } from "react";

/**
 * Brings a linked message into the room's loaded timeline, however far back
 * it is: once the newest page is in, a message not in it is fetched with the
 * page around it. Says `missing` when the server knows no such message here
 * (deleted for good, another room's, or never).
 */
export function useMessageInContext(
  client: Pick<ParleyClient, "loadAround">,
  roomId: RoomId | null,
  messageId: MessageId | null,
  timeline: Timeline | undefined,
  online: boolean,
): "none" | "loading" | "found" | "missing" {
  const [missing, setMissing] = useState<string | null>(null);
  const [asked, setAsked] = useState<string | null>(null);
  const key = roomId !== null && messageId !== null ? `${roomId}/${messageId}` : null;
  const found = messageId !== null && timeline?.messages.some((message) => message.id === messageId) === true;

  useEffect(() => {
    if (key === null || roomId === null || messageId === null || found || !online || timeline === undefined) return;
    if (asked === key) return;
    setAsked(key);
    void client.loadAround(roomId, messageId).then((result) => {
      if (!result.ok) setMissing(key);
    });
  }, [client, key, roomId, messageId, found, online, timeline, asked]);

  if (key === null) return "none";
  if (found) return "found";
  return missing === key ? "missing" : "loading";
}
