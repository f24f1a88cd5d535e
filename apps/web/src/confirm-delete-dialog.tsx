import { createPortal } from "react-dom";
import { Dialog } from "./dialog.js";

interface ConfirmDeleteDialogProps {
  onDelete: () => void;
  onCancel: () => void;
}

/**
 * Asks before a message is deleted, from its toolbar or by saving it empty.
 * Cancel comes first and takes the focus: a second Enter must not delete.
 * It lives under <body>, out of the message list, so the list's live region
 * does not read it out and the message's styles do not leak into it.
 */
export function ConfirmDeleteDialog({ onDelete, onCancel }: ConfirmDeleteDialogProps) {
  return createPortal(
    <Dialog title="Delete this message?" testId="confirm-delete-dialog" onClose={onCancel}>
      <p className="dialog__text">Everyone in the conversation will see that it was deleted. This cannot be undone.</p>
      <div className="dialog__actions">
        <button type="button" className="button button--ghost" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="button button--danger" data-testid="confirm-delete" onClick={onDelete}>
          Delete
        </button>
      </div>
    </Dialog>,
    document.body,
  );
}
