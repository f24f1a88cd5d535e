import { Avatar } from "./avatar.js";
import { conversationTitle, type Conversation } from "./conversation.js";

interface ConversationHeaderProps {
  conversation: Conversation;
  /** For a private conversation: is the other person connected? */
  online: boolean | undefined;
}

export function ConversationHeader({ conversation, online }: ConversationHeaderProps) {
  switch (conversation.type) {
    case "room":
      return (
        <header className="conversation-header">
          <h1 className="conversation-header__title">{conversationTitle(conversation)}</h1>
          <p className="conversation-header__subtitle conversation-header__subtitle--optional">
            Everyone who is signed in talks here.
          </p>
        </header>
      );
    case "private":
      return (
        <header className="conversation-header">
          <Avatar username={conversation.peer} />
          <div>
            <h1 className="conversation-header__title">{conversation.peer}</h1>
            <p className="conversation-header__subtitle">
              <span className={online ? "presence-dot" : "presence-dot presence-dot--offline"} aria-hidden="true" />
              {online ? "Online" : "Offline"} · Private conversation
            </p>
          </div>
        </header>
      );
  }
}
