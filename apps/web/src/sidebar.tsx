import { presenceOf, type ChatState } from "@parley/client";
import type { RoomId, RoomSummary } from "@parley/protocol";
import { Avatar } from "./avatar.js";
import { PresenceDot } from "./presence-dot.js";
import { dmPeers, roomTitle, sortRooms } from "./room-name.js";

interface SidebarProps {
  state: ChatState;
  activeRoomId: RoomId | null;
  onSelect: (roomId: RoomId) => void;
  onNewChannel: () => void;
  onBrowse: () => void;
  onNewMessage: () => void;
}

/** Channels, then direct messages, each with what is unread there. */
export function Sidebar({ state, activeRoomId, onSelect, onNewChannel, onBrowse, onNewMessage }: SidebarProps) {
  const self = state.username;
  const { channels, dms } = sortRooms(Object.values(state.rooms), self);

  function link(room: RoomSummary) {
    const active = room.id === activeRoomId;
    const { unread, mentions } = room.read;
    const showUnread = !active && unread > 0;
    const classes = ["conversation-link"];
    if (active) classes.push("conversation-link--active");
    if (showUnread) classes.push("conversation-link--unread");
    const peers = dmPeers(room, self);
    const onlyPeer = peers.length === 1 ? peers[0] : undefined;
    return (
      <li key={room.id}>
        <button
          type="button"
          className={classes.join(" ")}
          aria-current={active ? "page" : undefined}
          data-testid={room.kind === "channel" ? "channel-link" : "dm-link"}
          data-room-id={room.id}
          data-room-name={roomTitle(room, self)}
          data-unread={showUnread ? unread : 0}
          onClick={() => onSelect(room.id)}
        >
          <span className="conversation-link__label">
            {room.kind === "channel" ? (
              <span className="conversation-link__hash" aria-hidden="true">
                {room.visibility === "private" ? "🔒" : "#"}
              </span>
            ) : onlyPeer !== undefined ? (
              <span className="conversation-link__avatar">
                <Avatar username={onlyPeer} size="sm" />
                <PresenceDot status={presenceOf(state, onlyPeer)} />
              </span>
            ) : (
              <span className="conversation-link__group" aria-hidden="true">
                {peers.length}
              </span>
            )}
            <span className="conversation-link__name">{roomTitle(room, self)}</span>
          </span>
          {showUnread && mentions > 0 && (
            <span className="mention-count" data-testid="mention-badge" aria-label={`${mentions} mentions`}>
              @{mentions}
            </span>
          )}
          {showUnread && (
            <span className="unread-count" data-testid="unread-badge" aria-label={`${unread} unread`}>
              {unread > 99 ? "99+" : unread}
            </span>
          )}
        </button>
      </li>
    );
  }

  return (
    <nav className="panel sidebar" aria-label="Conversations" data-testid="sidebar">
      <div className="sidebar__section">
        <h2 className="panel__heading">Channels</h2>
        <button
          type="button"
          className="icon-button"
          data-testid="new-channel"
          title="New channel"
          onClick={onNewChannel}
        >
          <span aria-hidden="true">+</span>
          <span className="visually-hidden">New channel</span>
        </button>
      </div>
      <ul className="conversation-list">{channels.map(link)}</ul>
      <button type="button" className="sidebar__action" data-testid="browse-channels" onClick={onBrowse}>
        Browse channels
      </button>
      <div className="sidebar__section">
        <h2 className="panel__heading">Direct messages</h2>
        <button
          type="button"
          className="icon-button"
          data-testid="new-message"
          title="New message"
          onClick={onNewMessage}
        >
          <span aria-hidden="true">+</span>
          <span className="visually-hidden">New message</span>
        </button>
      </div>
      {dms.length === 0 ? (
        <p className="panel__hint">No direct messages yet.</p>
      ) : (
        <ul className="conversation-list">{dms.map(link)}</ul>
      )}
    </nav>
  );
}
