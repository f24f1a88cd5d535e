import type { ParleyClient } from "@parley/client";
import type { ProtocolError, Room, RoomId } from "@parley/protocol";
import { useEffect, useId, useState } from "react";
import { Dialog } from "./dialog.js";
import { ErrorText } from "./error-text.js";

interface BrowseChannelsDialogProps {
  client: Pick<ParleyClient, "browse" | "join">;
  /** The rooms the user is in already: "Open" instead of "Join". */
  joined: ReadonlySet<RoomId>;
  onClose: () => void;
  onOpen: (roomId: RoomId) => void;
}

/** Public channels, searched by name and topic as one types. */
export function BrowseChannelsDialog({ client, joined, onClose, onOpen }: BrowseChannelsDialogProps) {
  const searchId = useId();
  const [query, setQuery] = useState("");
  const [rooms, setRooms] = useState<readonly Room[] | null>(null);
  const [error, setError] = useState<ProtocolError | null>(null);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      void client.browse(query.trim()).then((result) => {
        if (!current) return;
        if (result.ok) {
          setRooms(result.data.rooms);
          setError(null);
        } else setError(result.error);
      });
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, query]);

  async function join(roomId: RoomId) {
    if (joined.has(roomId)) return onOpen(roomId);
    const result = await client.join(roomId);
    if (result.ok) onOpen(roomId);
    else setError(result.error);
  }

  return (
    <Dialog title="Browse channels" testId="browse-dialog" onClose={onClose}>
      <label className="visually-hidden" htmlFor={searchId}>
        Search channels
      </label>
      <input
        id={searchId}
        className="text-input"
        data-testid="browse-input"
        // Not type="search": there Escape clears the field instead of closing the dialog.
        placeholder="Search by name or topic"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <ErrorText error={error} />
      {rooms === null ? (
        <p className="dialog__empty">Loading…</p>
      ) : rooms.length === 0 ? (
        <p className="dialog__empty">No channels match.</p>
      ) : (
        <ul className="directory">
          {rooms.map((room) => (
            <li key={room.id} className="directory__item" data-testid="browse-result" data-room-name={room.name}>
              <div className="directory__text">
                <span className="directory__name">#{room.name}</span>
                <span className="directory__meta">
                  {room.memberCount} {room.memberCount === 1 ? "member" : "members"}
                  {room.topic !== "" && ` · ${room.topic}`}
                </span>
              </div>
              <button
                type="button"
                className={joined.has(room.id) ? "button button--small" : "button button--small button--primary"}
                data-testid="join-button"
                onClick={() => void join(room.id)}
              >
                {joined.has(room.id) ? "Open" : "Join"}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
