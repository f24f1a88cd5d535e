import { MESSAGE_MAX_LENGTH, type Result } from "@parley/protocol";
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { describeSendError } from "./describe-error.js";

/** The character count appears once a message gets this close to the limit. */
const COUNTER_MARGIN = 200;

interface ComposerProps {
  /** "#general" or "@bob". */
  target: string;
  send: (text: string) => Promise<Result<unknown>>;
}

/**
 * Enter sends, Shift+Enter starts a new line. The text stays until the
 * server acknowledges it, so a failed send loses nothing.
 */
export function Composer({ target, send }: ComposerProps) {
  const inputId = useId();
  const errorId = useId();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const tooLong = text.length > MESSAGE_MAX_LENGTH;
  const canSend = !sending && !tooLong && text.trim().length > 0;

  async function submit() {
    if (!canSend) return;
    setSending(true);
    setError(null);
    try {
      const result = await send(text);
      if (result.ok) setText("");
      else setError(describeSendError(result.error));
    } catch {
      // The SDK answers failures with a Result; this is only a last line of defence.
      setError("Something went wrong, so your message was not sent. Try again.");
    } finally {
      setSending(false);
    }
    inputRef.current?.focus();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void submit();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // While an input method is composing, Enter picks a candidate; it does not send.
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void submit();
  }

  return (
    <form className="composer" onSubmit={onSubmit} aria-busy={sending}>
      <label className="visually-hidden" htmlFor={inputId}>
        Message to {target}
      </label>
      <div className={error ? "composer__box composer__box--error" : "composer__box"}>
        <textarea
          ref={inputRef}
          id={inputId}
          className="composer__input"
          data-testid="composer-input"
          rows={1}
          placeholder={`Message ${target}`}
          value={text}
          readOnly={sending}
          aria-invalid={tooLong || error !== null}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            setText(event.target.value);
            setError(null);
          }}
          onKeyDown={onKeyDown}
        />
        <button
          type="submit"
          className="button button--primary composer__send"
          data-testid="composer-send"
          disabled={!canSend}
        >
          {sending ? "Sending…" : "Send"}
        </button>
      </div>
      <div className="composer__footer">
        {error ? (
          <p className="composer__error" id={errorId} role="alert">
            {error}
          </p>
        ) : (
          <p className="composer__hint">
            <kbd>Enter</kbd> to send · <kbd>Shift</kbd> + <kbd>Enter</kbd> for a new line
          </p>
        )}
        {text.length > MESSAGE_MAX_LENGTH - COUNTER_MARGIN && (
          <p className={tooLong ? "composer__count composer__count--over" : "composer__count"}>
            {text.length} / {MESSAGE_MAX_LENGTH}
          </p>
        )}
      </div>
    </form>
  );
}
