import type { ChatState, ParleyClient } from "@parley/client";
import { DEFAULT_ROOM_ID, type Username } from "@parley/protocol";
import { useEffect, useMemo, useState } from "react";
import { Composer } from "./composer.js";
import { ConnectionBanner } from "./connection-banner.js";
import { ConversationHeader } from "./conversation-header.js";
import { ConversationList, type ConversationSummary } from "./conversation-list.js";
import { GENERAL, conversationKey, conversationTitle, privatePeers, type Conversation } from "./conversation.js";
import { MessageList } from "./message-list.js";
import { OnlineList } from "./online-list.js";
import { TopBar } from "./top-bar.js";
import { privateTimeline, roomTimeline } from "./timeline.js";
import { countUnread, newestAt } from "./unread.js";

interface ChatScreenProps {
  client: ParleyClient;
  state: ChatState;
  /** Signing out is under way. */
  signingOut: boolean;
  onSignOut: () => void;
}

const NO_MESSAGES: readonly never[] = [];

export function ChatScreen({ client, state, signingOut, onSignOut }: ChatScreenProps) {
  const self = state.username;
  const [active, setActive] = useState<Conversation>(GENERAL);
  /** Per conversation, the time of the newest message read there. */
  const [seenUntil, setSeenUntil] = useState<Readonly<Record<string, number>>>({});
  const activeKey = conversationKey(active);
  const activePeer = active.type === "private" ? active.peer : null;

  const messagesOf = (conversation: Conversation) =>
    conversation.type === "room"
      ? (state.rooms[conversation.roomId] ?? NO_MESSAGES)
      : (state.privateChats[conversation.peer] ?? NO_MESSAGES);
  const activeMessages = messagesOf(active);

  const entries = useMemo(
    () =>
      active.type === "room"
        ? roomTimeline(state.rooms[active.roomId] ?? NO_MESSAGES, self, Date.now())
        : privateTimeline(state.privateChats[active.peer] ?? NO_MESSAGES, self, Date.now()),
    [active, state.rooms, state.privateChats, self],
  );

  function summary(conversation: Conversation, online?: boolean): ConversationSummary {
    const key = conversationKey(conversation);
    const unread = key === activeKey ? 0 : countUnread(messagesOf(conversation), self, seenUntil[key] ?? 0);
    return { conversation, unread, ...(online === undefined ? {} : { online }) };
  }

  function select(next: Conversation) {
    // Leaving a conversation marks what it showed as read.
    setSeenUntil((seen) => ({ ...seen, [activeKey]: newestAt(activeMessages) }));
    setActive(next);
  }

  const title = conversationTitle(active);
  useEffect(() => {
    document.title = `${title} · Parley`;
    return () => {
      document.title = "Parley";
    };
  }, [title]);

  const peerOnline = (peer: Username) => state.online.includes(peer);
  const send = (text: string) =>
    active.type === "room" ? client.send(active.roomId, text) : client.sendPrivate(active.peer, text);

  return (
    <div className="chat-shell">
      <TopBar username={self} connection={state.connection} signingOut={signingOut} onSignOut={onSignOut} />
      <ConnectionBanner
        connection={state.connection}
        rejection={state.rejection}
        onReconnect={() => client.connect()}
      />
      <div className="chat-layout">
        <aside className="chat-layout__sidebar">
          <ConversationList
            rooms={[summary({ type: "room", roomId: DEFAULT_ROOM_ID })]}
            chats={privatePeers(state.privateChats, activePeer).map((peer) =>
              summary({ type: "private", peer }, peerOnline(peer)),
            )}
            activeKey={activeKey}
            onSelect={select}
          />
        </aside>
        <main className="chat-layout__main">
          <ConversationHeader conversation={active} online={activePeer === null ? undefined : peerOnline(activePeer)} />
          <MessageList
            key={`messages:${activeKey}`}
            entries={entries}
            label={`Messages in ${title}`}
            empty={
              active.type === "room" ? (
                <p>No messages yet. Say hello!</p>
              ) : (
                <p>
                  This is the start of your private conversation with <strong>{active.peer}</strong>. Private messages
                  reach them only while they are online, and are not kept once you leave.
                </p>
              )
            }
          />
          <Composer key={`composer:${activeKey}`} target={title} send={send} />
        </main>
        <aside className="chat-layout__people">
          <OnlineList
            online={state.online}
            self={self}
            activePeer={activePeer}
            onOpenPrivate={(peer) => select({ type: "private", peer })}
          />
        </aside>
      </div>
    </div>
  );
}
