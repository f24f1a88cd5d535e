import type { Username } from "@parley/protocol";
import { Avatar } from "./avatar.js";
import { conversationKey, conversationTitle, type Conversation } from "./conversation.js";

export interface ConversationSummary {
  conversation: Conversation;
  unread: number;
  /** For a private conversation: is the other person connected? */
  online?: boolean;
}

interface ConversationListProps {
  rooms: readonly ConversationSummary[];
  chats: readonly ConversationSummary[];
  activeKey: string;
  onSelect: (conversation: Conversation) => void;
}

/** The sidebar: the rooms, then the private conversations, each with its unread count. */
export function ConversationList({ rooms, chats, activeKey, onSelect }: ConversationListProps) {
  function item(summary: ConversationSummary) {
    const { conversation, unread } = summary;
    const key = conversationKey(conversation);
    const active = key === activeKey;
    return (
      <li key={key}>
        <button
          type="button"
          className={active ? "conversation-link conversation-link--active" : "conversation-link"}
          aria-current={active ? "page" : undefined}
          data-testid="conversation-link"
          data-conversation={key}
          onClick={() => onSelect(conversation)}
        >
          {label(conversation, summary.online)}
          {unread > 0 && (
            <span className="unread-count" aria-label={`${unread} unread`}>
              {unread > 99 ? "99+" : unread}
            </span>
          )}
        </button>
      </li>
    );
  }

  return (
    <nav className="panel" aria-label="Conversations">
      <h2 className="panel__heading">Rooms</h2>
      <ul className="conversation-list">{rooms.map(item)}</ul>
      <h2 className={chats.length === 0 ? "panel__heading panel__heading--empty" : "panel__heading"}>Private</h2>
      {chats.length === 0 ? (
        <p className="panel__hint">Choose someone in the online list to talk privately.</p>
      ) : (
        <ul className="conversation-list">{chats.map(item)}</ul>
      )}
    </nav>
  );
}

function label(conversation: Conversation, online: boolean | undefined) {
  switch (conversation.type) {
    case "room":
      return (
        <span className="conversation-link__label">
          <span className="conversation-link__hash" aria-hidden="true">
            #
          </span>
          {conversation.roomId}
        </span>
      );
    case "private":
      return <PeerLabel peer={conversation.peer} online={online ?? false} title={conversationTitle(conversation)} />;
  }
}

function PeerLabel({ peer, online, title }: { peer: Username; online: boolean; title: string }) {
  return (
    <span className="conversation-link__label" title={`${title}, ${online ? "online" : "offline"}`}>
      <Avatar username={peer} size="sm" />
      {peer}
      <span className={online ? "presence-dot" : "presence-dot presence-dot--offline"} aria-hidden="true" />
      <span className="visually-hidden">{online ? "(online)" : "(offline)"}</span>
    </span>
  );
}
