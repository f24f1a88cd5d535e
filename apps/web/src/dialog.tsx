import { useEffect, useId, useRef, type ReactNode } from "react";
import { useReturnFocus } from "./use-return-focus.js";

interface DialogProps {
  title: string;
  testId: string;
  onClose: () => void;
  children: ReactNode;
}

/**
 * A modal dialog on the platform's <dialog>: it traps focus, Escape closes
 * it, its first field has the focus when it opens, and the focus goes back
 * to what opened it when it closes, however it closes.
 */
export function Dialog({ title, testId, onClose, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  /** Unmounted: the "close" event that closing it fires comes too late to mean anything. */
  const gone = useRef(false);
  const close = () => {
    if (!gone.current) onClose();
  };

  // Closed while still in the document (before React removes it), and before
  // the focus goes back: the page behind a modal dialog cannot take the focus.
  useReturnFocus(ref, {
    beforeReturn: (dialog) => {
      gone.current = true;
      dialog.close();
    },
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    gone.current = false;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>("input, textarea, select, button:not(.dialog__close)")?.focus();
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        // Escape: React owns whether the dialog is shown.
        event.preventDefault();
        close();
      }}
      // The browser may close it by itself (a repeated Escape): follow.
      onClose={close}
    >
      <header className="dialog__header">
        <h2 className="dialog__title" id={titleId}>
          {title}
        </h2>
        <button type="button" className="dialog__close" aria-label="Close" onClick={close}>
          ×
        </button>
      </header>
      {children}
    </dialog>
  );
}

interface DialogActionsProps {
  /** The submit button's label, and what it says while the request is on its way. */
  label: string;
  busyLabel: string;
  busy: boolean;
  disabled?: boolean;
  onCancel: () => void;
}

/** Cancel and submit, as every form dialog ends. */
export function DialogActions({ label, busyLabel, busy, disabled = false, onCancel }: DialogActionsProps) {
  return (
    <div className="dialog__actions">
      <button type="button" className="button button--ghost" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="button button--primary" data-testid="dialog-submit" disabled={busy || disabled}>
        {busy ? busyLabel : label}
      </button>
    </div>
  );
}
