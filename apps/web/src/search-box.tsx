import type { ParleyClient } from "@parley/client";
import type { ProtocolError, RoomId, RoomSummary, SearchHit, Username } from "@parley/protocol";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { formatClock, formatDay } from "./format-time.js";
import { roomLabel } from "./room-name.js";

interface SearchBoxProps {
  client: Pick<ParleyClient, "search">;
  rooms: Readonly<Record<RoomId, RoomSummary>>;
  self: Username;
  onOpen: (hit: SearchHit) => void;
}

/** Full-text search over one's rooms; matches are highlighted from the server's parts, as text. */
export function SearchBox({ client, rooms, self, onOpen }: SearchBoxProps) {
  const inputId = useId();
  const resultsId = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  const [query, setQuery] = useState("");
  const [hits, setHits] = useState<readonly SearchHit[] | null>(null);
  const [error, setError] = useState<ProtocolError | null>(null);
  const [busy, setBusy] = useState(false);

  async function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (query.trim() === "") return;
    setBusy(true);
    const result = await client.search(query);
    setBusy(false);
    if (result.ok) {
      setHits(result.data.hits);
      setError(null);
    } else {
      setHits(null);
      setError(result.error);
    }
  }

  function close() {
    setHits(null);
    setError(null);
  }

  // A click elsewhere closes the results.
  useEffect(() => {
    if (hits === null && error === null) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!boxRef.current?.contains(event.target as Node)) close();
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [hits, error]);

  const open = hits !== null || error !== null;
  return (
    <div
      className="search"
      ref={boxRef}
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          event.preventDefault();
          close();
        }
      }}
    >
      <form role="search" onSubmit={(event) => void search(event)}>
        <label className="visually-hidden" htmlFor={inputId}>
          Search messages
        </label>
        <input
          id={inputId}
          className="text-input search__input"
          data-testid="search-input"
          type="search"
          placeholder="Search messages"
          aria-controls={open ? resultsId : undefined}
          aria-busy={busy}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </form>
      {open && (
        <div className="search__results" id={resultsId} data-testid="search-results">
          {error !== null ? (
            <p className="form-error" role="alert">
              {error.message}
            </p>
          ) : hits?.length === 0 ? (
            <p className="dialog__empty">No messages match “{query}”.</p>
          ) : (
            <ul className="search__list">
              {hits?.map((hit) => {
                const room = rooms[hit.message.roomId];
                return (
                  <li key={hit.message.id}>
                    <button
                      type="button"
                      className="search__hit"
                      data-testid="search-result"
                      onClick={() => {
                        close();
                        onOpen(hit);
                      }}
                    >
                      <span className="search__meta">
                        <strong>{hit.message.author}</strong>
                        {room && ` in ${roomLabel(room, self)}`} · {formatDay(hit.message.createdAt, Date.now())}{" "}
                        {formatClock(hit.message.createdAt)}
                      </span>
                      <span className="search__text" data-testid="search-result-text">
                        {hit.parts.map((part, index) =>
                          part.match ? (
                            <mark key={index} data-testid="search-match">
                              {part.text}
                            </mark>
                          ) : (
                            part.text
                          ),
                        )}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
