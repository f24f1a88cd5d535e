import type { Ref } from "react";
import { QUICK_REACTIONS } from "./message-actions.js";

interface MessageToolbarProps {
  own: boolean;
  /** Replies have no thread of their own. */
  canReply: boolean;
  onReact: (emoji: string) => void;
  onReply: () => void;
  onCopyLink: () => void;
  onEdit: () => void;
  onDelete: () => void;
  /** Where the focus goes back to once an edit ends. */
  editButtonRef?: Ref<HTMLButtonElement>;
}

/** Shown while the message is hovered or has the focus: react, reply, and the author's edit and delete. */
export function MessageToolbar({
  own,
  canReply,
  onReact,
  onReply,
  onCopyLink,
  onEdit,
  onDelete,
  editButtonRef,
}: MessageToolbarProps) {
  return (
    <div className="message-toolbar" role="toolbar" aria-label="Message actions" data-testid="message-actions">
      {QUICK_REACTIONS.map((emoji) => (
        <button
          key={emoji}
          type="button"
          className="message-toolbar__button"
          data-testid="react-button"
          data-emoji={emoji}
          title={`React with ${emoji}`}
          onClick={() => onReact(emoji)}
        >
          {emoji}
        </button>
      ))}
      {canReply && (
        <button
          type="button"
          className="message-toolbar__button"
          data-testid="reply-button"
          title="Reply in thread"
          onClick={onReply}
        >
          <span aria-hidden="true">↩</span>
          <span className="visually-hidden">Reply in thread</span>
        </button>
      )}
      <button
        type="button"
        className="message-toolbar__button"
        data-testid="copy-link"
        title="Copy link to message"
        onClick={onCopyLink}
      >
        <span aria-hidden="true">🔗</span>
        <span className="visually-hidden">Copy link to message</span>
      </button>
      {own && (
        <>
          <button
            ref={editButtonRef}
            type="button"
            className="message-toolbar__button"
            data-testid="edit-button"
            title="Edit"
            onClick={onEdit}
          >
            <span aria-hidden="true">✎</span>
            <span className="visually-hidden">Edit</span>
          </button>
          <button
            type="button"
            className="message-toolbar__button"
            data-testid="delete-button"
            title="Delete"
            onClick={onDelete}
          >
            <span aria-hidden="true">🗑</span>
            <span className="visually-hidden">Delete</span>
          </button>
        </>
      )}
    </div>
  );
}
