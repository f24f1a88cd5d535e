import type { ParleyClient } from "@parley/client";
import type { ProtocolError, RoomId, User } from "@parley/protocol";
import { useEffect, useState } from "react";

export interface Members {
  members: readonly User[] | null;
  error: ProtocolError | null;
}

/** A room's members, asked again whenever `version` changes (its member count, say). */
export function useMembers(client: Pick<ParleyClient, "members">, roomId: RoomId | null, version: string): Members {
  const [members, setMembers] = useState<Members>({ members: null, error: null });
  useEffect(() => {
    if (roomId === null) return;
    let current = true;
    void client.members(roomId).then((result) => {
      if (!current) return;
      setMembers(result.ok ? { members: result.data.members, error: null } : { members: null, error: result.error });
    });
    return () => {
      current = false;
    };
  }, [client, roomId, version]);
  return members;
}
