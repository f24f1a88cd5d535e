import type { ChatState, ParleyClient } from "@parley/client";
import { DEFAULT_ROOM_ID, type MessageId, type RoomId, type SearchHit, type User } from "@parley/protocol";
import { useEffect, useMemo, useRef, useState } from "react";
import { BrowseChannelsDialog } from "./browse-channels-dialog.js";
import { Composer } from "./composer.js";
import { ConnectionBanner } from "./connection-banner.js";
import type { MessageActions } from "./message-actions.js";
import { MembersPanel } from "./members-panel.js";
import { MessageList } from "./message-list.js";
import { NewChannelDialog } from "./new-channel-dialog.js";
import { NewDmDialog } from "./new-dm-dialog.js";
import { RoomHeader } from "./room-header.js";
import { roomLabel } from "./room-name.js";
import { RoomSettingsDialog } from "./room-settings-dialog.js";
import { SearchBox } from "./search-box.js";
import { Sidebar } from "./sidebar.js";
import { ThreadPanel } from "./thread-panel.js";
import { buildTimeline } from "./timeline.js";
import { TopBar } from "./top-bar.js";
import { TypingIndicator } from "./typing-indicator.js";
import { useAway } from "./use-away.js";
import { useMarkRead } from "./use-mark-read.js";
import { useMembers } from "./use-members.js";

interface ChatScreenProps {
  client: ParleyClient;
  state: ChatState;
  user: User;
  /** Signing out is under way. */
  signingOut: boolean;
  onSignOut: () => void;
}

type DialogName = "new-channel" | "browse" | "new-dm" | "settings";
type Panel = { type: "members" } | { type: "thread"; threadId: MessageId } | null;

const NO_MESSAGES: readonly never[] = [];
const NO_NAMES: readonly never[] = [];

export function ChatScreen({ client, state, user, signingOut, onSignOut }: ChatScreenProps) {
  const self = state.username;
  const [chosenRoomId, setChosenRoomId] = useState<RoomId>(DEFAULT_ROOM_ID);
  const [panel, setPanel] = useState<Panel>(null);
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const composerInput = useRef<HTMLTextAreaElement>(null);

  // The chosen room may be gone (left on another device): fall back to #general.
  const room = state.rooms[chosenRoomId] ?? state.rooms[DEFAULT_ROOM_ID] ?? Object.values(state.rooms)[0];
  const roomId = room?.id ?? null;
  const timeline = roomId === null ? undefined : state.timelines[roomId];
  const messages = timeline?.messages ?? NO_MESSAGES;
  const outgoing = useMemo(
    () => state.outbox.filter((entry) => entry.roomId === roomId && entry.threadId === null),
    [state.outbox, roomId],
  );
  const entries = useMemo(() => buildTimeline(messages, self, Date.now(), outgoing), [messages, self, outgoing]);
  // Asked again as people come and go: a new member may not have changed the count this client knows.
  const membersVersion = `${room?.memberCount ?? 0}:${state.online.length}:${panel?.type ?? ""}`;
  const { members, error: membersError } = useMembers(client, roomId, membersVersion);
  const general = state.rooms[DEFAULT_ROOM_ID];
  const { members: everyone } = useMembers(
    client,
    general ? DEFAULT_ROOM_ID : null,
    `${general?.memberCount ?? 0}:${dialog ?? ""}`,
  );
  const mentionable = useMemo(
    () =>
      (room?.kind === "dm" ? room.dmMembers : (members ?? []).map((member) => member.username)).filter(
        (name) => name !== self,
      ),
    [room, members, self],
  );

  useAway(client);
  useMarkRead(client, room);

  const title = room ? roomLabel(room, self) : "Parley";
  useEffect(() => {
    const unread = Object.values(state.rooms).reduce((sum, each) => sum + each.read.unread, 0);
    document.title = `${unread > 0 ? `(${unread}) ` : ""}${title} · Parley`;
    return () => {
      document.title = "Parley";
    };
  }, [title, state.rooms]);

  function open(next: RoomId, threadId: MessageId | null = null) {
    setChosenRoomId(next);
    setDialog(null);
    setPanel(threadId === null ? (panel?.type === "members" ? panel : null) : { type: "thread", threadId });
    if (threadId !== null) void client.loadThread(next, threadId);
  }

  function openHit(hit: SearchHit) {
    open(hit.message.roomId, hit.message.threadId);
  }

  const actions: MessageActions = useMemo(
    () => ({
      react: (messageId, emoji) => client.react(messageId, emoji),
      edit: (messageId, text) => client.edit(messageId, text),
      remove: (messageId) => client.delete(messageId),
      openThread: (messageId) => {
        if (roomId === null) return;
        setPanel({ type: "thread", threadId: messageId });
        void client.loadThread(roomId, messageId);
      },
      retry: (clientId) => client.retry(clientId),
      discard: (clientId) => client.discard(clientId),
    }),
    [client, roomId],
  );

  const threadId = panel?.type === "thread" ? panel.threadId : null;
  const threadParent = threadId === null ? undefined : messages.find((message) => message.id === threadId);

  return (
    <div className="chat-shell">
      <TopBar username={self} connection={state.connection} signingOut={signingOut} onSignOut={onSignOut}>
        <SearchBox client={client} rooms={state.rooms} self={self} onOpen={openHit} />
      </TopBar>
      <ConnectionBanner
        connection={state.connection}
        rejection={state.rejection}
        onReconnect={() => client.connect()}
      />
      <div className={panel === null ? "chat-layout" : "chat-layout chat-layout--with-panel"}>
        <aside className="chat-layout__sidebar">
          <Sidebar
            state={state}
            activeRoomId={roomId}
            onSelect={(next) => open(next)}
            onNewChannel={() => setDialog("new-channel")}
            onBrowse={() => setDialog("browse")}
            onNewMessage={() => setDialog("new-dm")}
          />
        </aside>
        <main className="chat-layout__main" data-testid="room" data-room-id={roomId ?? ""}>
          {room === undefined || roomId === null ? (
            <div className="message-list__empty">
              {state.connection === "online" ? "You are in no rooms yet." : "Loading…"}
            </div>
          ) : (
            <>
              <RoomHeader
                room={room}
                state={state}
                selfId={user.id}
                membersOpen={panel?.type === "members"}
                onToggleMembers={() => setPanel(panel?.type === "members" ? null : { type: "members" })}
                onEdit={() => setDialog("settings")}
                onLeave={() => void client.leave(roomId)}
              />
              <MessageList
                key={`messages:${roomId}`}
                entries={entries}
                self={self}
                actions={actions}
                label={`Messages in ${title}`}
                empty={
                  timeline === undefined ? (
                    <p>Loading messages…</p>
                  ) : (
                    <p>
                      No messages yet. {room.kind === "channel" ? `Start the conversation in ${title}.` : "Say hello!"}
                    </p>
                  )
                }
                hasOlder={timeline?.hasOlder ?? false}
                onLoadOlder={() => client.loadOlder(roomId)}
              />
              <Composer
                key={`composer:${roomId}`}
                target={title}
                send={(text) => Promise.resolve(client.enqueue(roomId, text))}
                draft={{ load: () => client.draft(roomId), save: (text) => client.saveDraft(roomId, text) }}
                inputRef={composerInput}
                mentionable={mentionable}
                onTyping={(typing) => void client.setTyping(roomId, typing)}
              />
              <TypingIndicator names={state.typing[roomId] ?? NO_NAMES} />
            </>
          )}
        </main>
        {panel !== null && room !== undefined && roomId !== null && (
          <aside className="chat-layout__people">
            {panel.type === "members" ? (
              <MembersPanel
                client={client}
                room={room}
                members={members}
                error={membersError}
                state={state}
                onClose={() => setPanel(null)}
              />
            ) : (
              <ThreadPanel
                key={panel.threadId}
                parent={threadParent}
                parentId={panel.threadId}
                replies={state.threads[panel.threadId]}
                self={self}
                actions={actions}
                mentionable={mentionable}
                outbox={state.outbox}
                send={(text) => Promise.resolve(client.enqueue(roomId, text, panel.threadId))}
                draft={{
                  load: () => client.draft(roomId, panel.threadId),
                  save: (text) => client.saveDraft(roomId, text, panel.threadId),
                }}
                onLoadOlder={() => client.loadThread(roomId, panel.threadId)}
                onClose={() => setPanel(null)}
                fallbackFocus={() => composerInput.current}
              />
            )}
          </aside>
        )}
      </div>
      {dialog === "new-channel" && (
        <NewChannelDialog client={client} onClose={() => setDialog(null)} onCreated={(id) => open(id)} />
      )}
      {dialog === "browse" && (
        <BrowseChannelsDialog
          client={client}
          joined={new Set(Object.keys(state.rooms))}
          onClose={() => setDialog(null)}
          onOpen={(id) => open(id)}
        />
      )}
      {dialog === "new-dm" && (
        <NewDmDialog
          client={client}
          self={self}
          people={(everyone ?? []).map((member) => member.username)}
          onClose={() => setDialog(null)}
          onOpened={(id) => open(id)}
        />
      )}
      {dialog === "settings" && room !== undefined && (
        <RoomSettingsDialog client={client} room={room} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}
