import type { ChatState, ParleyClient } from "@parley/client";
import {
  DEFAULT_ROOM_ID,
  type MessageId,
  type RoomSummary,
  type SearchHit,
  type User,
  type UserMessage,
} from "@parley/protocol";
import { useEffect, useMemo, useRef, useState } from "react";
import { Brand } from "./brand.js";
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
import { routePath } from "./route.js";
import { RoomSettingsDialog } from "./room-settings-dialog.js";
import { SearchBox } from "./search-box.js";
import { Sidebar } from "./sidebar.js";
import { ThreadPanel } from "./thread-panel.js";
import { buildTimeline } from "./timeline.js";
import { TopBar } from "./top-bar.js";
import { TypingIndicator } from "./typing-indicator.js";
import { useAway } from "./use-away.js";
import { useDrawer } from "./use-drawer.js";
import { useMarkRead } from "./use-mark-read.js";
import { useMembers } from "./use-members.js";
import { useMessageInContext } from "./use-message-in-context.js";
import { useRoute } from "./use-route.js";

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

const NOT_THERE = "That conversation does not exist, or you cannot see it. Here is #general.";
const NO_MESSAGE = "That message does not exist any more, or it is not in this conversation.";

const NO_MESSAGES: readonly never[] = [];
const NO_NAMES: readonly never[] = [];

export function ChatScreen({ client, state, user, signingOut, onSignOut }: ChatScreenProps) {
  const self = state.username;
  // The address bar says which room, thread and message are open: a reload, a link, back and forward all work.
  const { route, navigate } = useRoute();
  const [membersOpen, setMembersOpen] = useState(false);
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const composerInput = useRef<HTMLTextAreaElement>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const drawer = useDrawer();
  const roomsKnown = Object.keys(state.rooms).length > 0;
  const routedRoom = state.rooms[route.roomId ?? DEFAULT_ROOM_ID];

  // Until the rooms are known, nothing is decided; then an address that names no room of this user leads to #general.
  const room = routedRoom ?? state.rooms[DEFAULT_ROOM_ID] ?? Object.values(state.rooms)[0];
  const roomId = room?.id ?? null;
  const panel: Panel =
    routedRoom && route.threadId !== null
      ? { type: "thread", threadId: route.threadId }
      : membersOpen
        ? { type: "members" }
        : null;
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

  useEffect(() => {
    if (!roomsKnown) return;
    const general = state.rooms[DEFAULT_ROOM_ID];
    if (!route.valid || (route.roomId !== null && !(route.roomId in state.rooms))) {
      setNotice(NOT_THERE);
      if (general) navigate(routePath(general), true);
    } else if (route.roomId === null && general) navigate(routePath(general), true);
  }, [roomsKnown, route, state.rooms, navigate]);

  // A room past the preloaded ones has no page yet.
  const online = state.connection === "online";
  useEffect(() => {
    if (online && roomId !== null && timeline === undefined) void client.loadLatest(roomId);
  }, [client, online, roomId, timeline]);

  const threadId = panel?.type === "thread" ? panel.threadId : null;
  useEffect(() => {
    if (roomId !== null && threadId !== null) void client.loadThread(roomId, threadId);
  }, [client, roomId, threadId]);

  // A linked message, or the message a linked thread replies to, is shown in its place in the room.
  const linked = routedRoom ? (route.threadId ?? route.messageId) : null;
  const context = useMessageInContext(client, roomId, linked, timeline, online);
  useEffect(() => {
    if (context !== "missing" || !room) return;
    setNotice(NO_MESSAGE);
    navigate(routePath(room), true);
  }, [context, room, navigate]);

  const title = room ? roomLabel(room, self) : "Parley";
  useEffect(() => {
    const unread = Object.values(state.rooms).reduce((sum, each) => sum + each.read.unread, 0);
    document.title = `${unread > 0 ? `(${unread}) ` : ""}${title} · Parley`;
    return () => {
      document.title = "Parley";
    };
  }, [title, state.rooms]);

  function open(
    next: Pick<RoomSummary, "id" | "kind">,
    place: { threadId?: MessageId | null; messageId?: MessageId } = {},
  ) {
    setDialog(null);
    setNotice(null);
    drawer.hide();
    navigate(routePath(next, place));
  }

  function openHit(hit: SearchHit) {
    const { roomId: hitRoom, threadId: hitThread, id } = hit.message;
    open(state.rooms[hitRoom] ?? { id: hitRoom, kind: "channel" }, { threadId: hitThread, messageId: id });
  }

  async function copyLink(message: UserMessage) {
    if (!room) return;
    const path = routePath(room, { threadId: message.threadId, messageId: message.id });
    try {
      await navigator.clipboard.writeText(new URL(path, window.location.origin).href);
      setNotice("Link copied.");
    } catch {
      // No clipboard here (an insecure origin, or denied): the address bar holds the link instead.
      navigate(path);
    }
  }

  const actions: MessageActions = useMemo(
    () => ({
      react: (messageId, emoji) => client.react(messageId, emoji),
      edit: (messageId, text) => client.edit(messageId, text),
      remove: (messageId) => client.delete(messageId),
      openThread: (messageId) => {
        if (room) navigate(routePath(room, { threadId: messageId }));
      },
      copyLink: (message) => void copyLink(message),
      retry: (clientId) => client.retry(clientId),
      discard: (clientId) => client.discard(clientId),
    }),
    // copyLink reads only the room and navigate.
    [client, room, navigate],
  );

  const threadParent = threadId === null ? undefined : messages.find((message) => message.id === threadId);

  const roomPath = room ? routePath(room) : "/";
  const back = room ? (
    <div className="screen-back">
      <button
        type="button"
        className="button button--ghost"
        data-testid="screen-back"
        onClick={() => navigate(roomPath)}
      >
        <span aria-hidden="true">←</span> Back to {title}
      </button>
    </div>
  ) : null;

  return (
    <div className="chat-shell">
      <div className="chat-shell__top" inert={drawer.open}>
        <TopBar
          username={self}
          connection={state.connection}
          signingOut={signingOut}
          onSignOut={onSignOut}
          menu={{ open: drawer.open, controls: "conversations-drawer", ref: drawer.buttonRef, onOpen: drawer.show }}
        >
          <SearchBox client={client} rooms={state.rooms} self={self} onOpen={openHit} />
        </TopBar>
        <ConnectionBanner
          connection={state.connection}
          rejection={state.rejection}
          onReconnect={() => client.connect()}
        />
      </div>
      <div
        className={panel === null ? "chat-layout" : `chat-layout chat-layout--with-panel chat-layout--${panel.type}`}
      >
        <aside
          className={drawer.open ? "chat-layout__sidebar chat-layout__sidebar--open" : "chat-layout__sidebar"}
          id="conversations-drawer"
          ref={drawer.drawerRef}
          data-testid="drawer"
          data-open={drawer.open}
        >
          <div className="drawer__header">
            <Brand />
            <button
              type="button"
              className="dialog__close"
              data-testid="drawer-close"
              aria-label="Close conversations"
              onClick={drawer.hide}
            >
              ×
            </button>
          </div>
          <Sidebar
            state={state}
            activeRoomId={roomId}
            onSelect={(next) => {
              const chosen = state.rooms[next];
              if (chosen) open(chosen);
            }}
            onNewChannel={() => setDialog("new-channel")}
            onBrowse={() => setDialog("browse")}
            onNewMessage={() => setDialog("new-dm")}
          />
        </aside>
        {drawer.open && <div className="drawer-backdrop" data-testid="drawer-backdrop" onClick={drawer.hide} />}
        <main className="chat-layout__main" data-testid="room" data-room-id={roomId ?? ""} inert={drawer.open}>
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
                onToggleMembers={() => setMembersOpen(panel?.type !== "members")}
                onEdit={() => setDialog("settings")}
                onLeave={() => {
                  // Leaving takes the room away: go to #general first, not through "does not exist".
                  const general = state.rooms[DEFAULT_ROOM_ID];
                  if (general) navigate(routePath(general));
                  void client.leave(roomId);
                }}
              />
              {notice !== null && (
                <div className="notice" role="status" data-testid="notice">
                  <span>{notice}</span>
                  <button type="button" className="dialog__close" aria-label="Dismiss" onClick={() => setNotice(null)}>
                    ×
                  </button>
                </div>
              )}
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
                highlightId={linked}
                hasNewer={timeline?.hasNewer ?? false}
                onLoadNewer={() => client.loadNewer(roomId)}
                onLoadLatest={() => client.loadLatest(roomId)}
              />
              <Composer
                key={`composer:${roomId}`}
                target={title}
                send={(text) => {
                  // Reading far back: what is sent shows at the end, so go there.
                  if (timeline?.hasNewer) void client.loadLatest(roomId);
                  return Promise.resolve(client.enqueue(roomId, text));
                }}
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
          <aside className="chat-layout__people" inert={drawer.open}>
            {back}
            {panel.type === "members" ? (
              <MembersPanel
                client={client}
                room={room}
                members={members}
                error={membersError}
                state={state}
                onClose={() => setMembersOpen(false)}
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
                onClose={() => navigate(roomPath)}
                highlightId={route.threadId !== null ? route.messageId : null}
                fallbackFocus={() => composerInput.current}
              />
            )}
          </aside>
        )}
      </div>
      {dialog === "new-channel" && (
        <NewChannelDialog
          client={client}
          onClose={() => setDialog(null)}
          onCreated={(id) => open({ id, kind: "channel" })}
        />
      )}
      {dialog === "browse" && (
        <BrowseChannelsDialog
          client={client}
          joined={new Set(Object.keys(state.rooms))}
          onClose={() => setDialog(null)}
          onOpen={(id) => open({ id, kind: "channel" })}
        />
      )}
      {dialog === "new-dm" && (
        <NewDmDialog
          client={client}
          self={self}
          people={(everyone ?? []).map((member) => member.username)}
          onClose={() => setDialog(null)}
          onOpened={(id) => open({ id, kind: "dm" })}
        />
      )}
      {dialog === "settings" && room !== undefined && (
        <RoomSettingsDialog client={client} room={room} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}
