import { presenceOf, type ChatState } from "@parley/client";
import type { RoomSummary, UserId } from "@parley/protocol";
import { Avatar } from "./avatar.js";
import { PresenceDot, presenceWords } from "./presence-dot.js";
import { dmPeers, roomLabel } from "./room-name.js";

interface RoomHeaderProps {
  room: RoomSummary;
  state: Pick<ChatState, "username" | "presenceKnown" | "online" | "away">;
  selfId: UserId;
  membersOpen: boolean;
  onToggleMembers: () => void;
  onEdit: () => void;
  onLeave: () => void;
}

/** The room's name and topic, its member count (which opens the members panel), and the owner's settings. */
export function RoomHeader({ room, state, selfId, membersOpen, onToggleMembers, onEdit, onLeave }: RoomHeaderProps) {
  const peers = dmPeers(room, state.username);
  const onlyPeer = room.kind === "dm" && peers.length === 1 ? peers[0] : undefined;
  const canLeave = room.kind === "channel" && room.id !== "general";
  return (
    <header className="conversation-header" data-testid="room-header">
      {onlyPeer !== undefined && <Avatar username={onlyPeer} />}
      <div className="conversation-header__text">
        <h1 className="conversation-header__title" data-testid="room-title">
          {roomLabel(room, state.username)}
          {room.visibility === "private" && room.kind === "channel" && (
            <span className="conversation-header__badge">private</span>
          )}
        </h1>
        <p className="conversation-header__subtitle" data-testid="room-topic">
          {onlyPeer !== undefined ? (
            <>
              <PresenceDot status={presenceOf(state, onlyPeer)} />
              {presenceWords(presenceOf(state, onlyPeer))} · Direct message
            </>
          ) : room.topic !== "" ? (
            room.topic
          ) : room.kind === "dm" ? (
            "Group conversation"
          ) : (
            "No topic yet"
          )}
        </p>
      </div>
      <div className="conversation-header__actions">
        <button
          type="button"
          className={membersOpen ? "button button--small button--active" : "button button--small"}
          data-testid="members-button"
          aria-pressed={membersOpen}
          onClick={onToggleMembers}
        >
          {room.memberCount} {room.memberCount === 1 ? "member" : "members"}
        </button>
        {room.ownerId === selfId && (
          <button type="button" className="button button--small" data-testid="edit-room" onClick={onEdit}>
            Edit
          </button>
        )}
        {canLeave && (
          <button
            type="button"
            className="button button--small button--ghost"
            data-testid="leave-room"
            onClick={onLeave}
          >
            Leave
          </button>
        )}
      </div>
    </header>
  );
}
