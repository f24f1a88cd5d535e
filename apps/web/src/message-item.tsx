import type { UserMessage, Username } from "@parley/protocol";
import { useEffect, useRef, useState } from "react";
import { Avatar } from "./avatar.js";
import { ConfirmDeleteDialog } from "./confirm-delete-dialog.js";
import { EditForm } from "./edit-form.js";
import { formatClock, formatFullDate } from "./format-time.js";
import type { MessageActions } from "./message-actions.js";
import { MessageText } from "./message-text.js";
import { MessageToolbar } from "./message-toolbar.js";
import { Reactions } from "./reactions.js";
import type { TimelineEntry } from "./timeline.js";

type SystemEntry = Extract<TimelineEntry, { type: "system" }>;

function Timestamp({ at }: { at: number }) {
  return (
    <time className="timestamp" dateTime={new Date(at).toISOString()} title={formatFullDate(at)}>
      {formatClock(at)}
    </time>
  );
}

interface MessageItemProps {
  message: UserMessage;
  self: Username;
  actions: MessageActions;
  /** Opened by a link or a search hit: marked until another is. */
  highlighted?: boolean;
}

/** Something a person wrote, with its reactions, replies and actions. The text is React text: never HTML. */
export function MessageItem({ message, self, actions, highlighted = false }: MessageItemProps) {
  const own = message.author === self;
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mentionsMe = message.mentions.includes(self);
  const editButton = useRef<HTMLButtonElement>(null);
  const article = useRef<HTMLElement>(null);
  /** An edit just ended: give the focus back to the button that started it, not to <body>. */
  const refocusEdit = useRef(false);
  /** Deleted from here: its toolbar, which had the focus, is gone; the list takes it. */
  const deletedHere = useRef(false);

  useEffect(() => {
    if (editing || confirming || !refocusEdit.current) return;
    refocusEdit.current = false;
    editButton.current?.focus();
  }, [editing, confirming]);

  useEffect(() => {
    if (!message.deleted || !deletedHere.current) return;
    deletedHere.current = false;
    if (document.activeElement === document.body) article.current?.closest<HTMLElement>('[role="log"]')?.focus();
  }, [message.deleted]);

  function stopEditing() {
    refocusEdit.current = true;
    setEditing(false);
  }

  function remove() {
    deletedHere.current = true;
    setConfirming(false);
    setEditing(false);
    void actions.remove(message.id).then(report);
  }

  const report = (result: { ok: boolean; error?: { message: string } }) =>
    setError(result.ok ? null : (result.error?.message ?? "That did not work"));

  const classes = ["message"];
  if (own) classes.push("message--own");
  if (mentionsMe && !message.deleted) classes.push("message--mentions-me");
  if (highlighted) classes.push("message--highlighted");

  return (
    <article
      ref={article}
      className={classes.join(" ")}
      data-testid="message"
      data-kind="user"
      data-author={message.author}
      data-message-id={message.id}
      data-deleted={message.deleted}
      data-highlighted={highlighted || undefined}
    >
      <Avatar username={message.author} />
      <div className="message__body">
        <header className="message__meta">
          <span className="message__author" data-testid="message-author">
            {message.author}
          </span>
          {own && <span className="message__you">you</span>}
          <Timestamp at={message.createdAt} />
        </header>
        {message.deleted ? (
          <p className="message__text message__text--deleted" data-testid="message-text">
            This message was deleted
          </p>
        ) : editing ? (
          <EditForm
            initial={message.text}
            save={(text) => actions.edit(message.id, text)}
            onEmpty={() => setConfirming(true)}
            onDone={stopEditing}
          />
        ) : (
          <div className="message__content">
            <MessageText text={message.text} mentions={message.mentions} self={self} />
            {message.editedAt !== null && (
              <span className="message__edited" data-testid="edited-mark" title={formatFullDate(message.editedAt)}>
                (edited)
              </span>
            )}
          </div>
        )}
        {!message.deleted && (
          <Reactions
            reactions={message.reactions}
            self={self}
            onToggle={(emoji) => void actions.react(message.id, emoji).then(report)}
          />
        )}
        {message.threadId === null && message.replyCount > 0 && (
          <button
            type="button"
            className="link-button message__replies"
            data-testid="reply-count"
            onClick={() => actions.openThread(message.id)}
          >
            {message.replyCount} {message.replyCount === 1 ? "reply" : "replies"}
          </button>
        )}
        {confirming && (
          <ConfirmDeleteDialog
            onDelete={remove}
            onCancel={() => {
              setConfirming(false);
              // Emptied in the edit form: Cancel keeps the message as it was.
              if (editing) stopEditing();
            }}
          />
        )}
        {error !== null && (
          <p className="composer__error" role="alert">
            {error}
          </p>
        )}
      </div>
      {!message.deleted && !editing && (
        <MessageToolbar
          own={own}
          canReply={message.threadId === null}
          onReact={(emoji) => void actions.react(message.id, emoji).then(report)}
          onReply={() => actions.openThread(message.id)}
          editButtonRef={editButton}
          onCopyLink={() => actions.copyLink(message)}
          onEdit={() => setEditing(true)}
          onDelete={() => setConfirming(true)}
        />
      )}
    </article>
  );
}

/** Something that happened ("alice joined"): centred and quiet, without an author. */
export function SystemMessageItem({ entry }: { entry: SystemEntry }) {
  return (
    <div className="system-message" data-testid="system-message">
      <span className="system-message__text">{entry.text}</span>
      <Timestamp at={entry.createdAt} />
    </div>
  );
}

export function DayDivider({ label }: { label: string }) {
  return (
    <div className="day-divider" role="separator">
      <span>{label}</span>
    </div>
  );
}
