import { MESSAGE_MAX_LENGTH, type Result } from "@parley/protocol";
import { useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { describeSendError } from "./describe-error.js";

interface EditFormProps {
  initial: string;
  save: (text: string) => Promise<Result<unknown>>;
  /** Saved with nothing left: a message cannot be empty, so the author is asked whether to delete it. */
  onEmpty: () => void;
  onDone: () => void;
}

/**
 * Edits a message in place: Enter saves, Escape cancels. The whole form stays
 * in view, Save included, even for the newest message at the bottom of the list.
 */
export function EditForm({ initial, save, onEmpty, onDone }: EditFormProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const input = ref.current;
    // Focusing scrolls only the textarea into view; the form is scrolled below.
    input?.focus({ preventScroll: true });
    input?.setSelectionRange(input.value.length, input.value.length);
  }, []);

  // The form grows under the message (and with each new line, and with an
  // error): the list does not follow on its own, so bring it all into view.
  useLayoutEffect(() => {
    formRef.current?.scrollIntoView({ block: "nearest" });
  }, [text, error]);

  async function submit() {
    if (text === initial) return onDone();
    if (text.trim() === "") return onEmpty();
    if (text.length > MESSAGE_MAX_LENGTH) return;
    setBusy(true);
    const result = await save(text);
    setBusy(false);
    if (result.ok) onDone();
    else setError(describeSendError(result.error));
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onDone();
    } else if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <form
      ref={formRef}
      className="edit-form"
      onSubmit={(event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        void submit();
      }}
    >
      <textarea
        ref={ref}
        className="composer__input edit-form__input"
        data-testid="edit-input"
        aria-label="Edit message"
        value={text}
        readOnly={busy}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {error !== null && (
        <p className="composer__error" role="alert">
          {error}
        </p>
      )}
      <div className="edit-form__actions">
        <button type="button" className="button button--small button--ghost" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button--small button--primary" data-testid="edit-save" disabled={busy}>
          Save
        </button>
      </div>
    </form>
  );
}
