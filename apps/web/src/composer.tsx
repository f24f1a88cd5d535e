import { MESSAGE_MAX_LENGTH, type Result, type Username } from "@parley/protocol";
import {
  useEffect,
  useEffectEvent,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type RefObject,
} from "react";
import { describeSendError } from "./describe-error.js";
import { completeMention, mentionAt, mentionCandidates } from "./mentions.js";
import { MentionMenu } from "./mention-menu.js";

/** The character count appears once a message gets this close to the limit. */
const COUNTER_MARGIN = 200;

/** Where the composer's unsent text is kept between visits (the SDK's drafts, see ChatScreen). */
export interface ComposerDraft {
  load(): string;
  save(text: string): void;
}

interface ComposerProps {
  /** "#general", "alice, bob" or "thread". */
  target: string;
  send: (text: string) => Promise<Result<unknown>>;
  /** Who an `@` may complete to. */
  mentionable: readonly Username[];
  /** Called on each keystroke (true) and when the text is cleared (false); the client throttles. */
  onTyping?: (typing: boolean) => void;
  /** "composer" for the room's, "thread-composer" for a thread's. */
  testId?: string;
  placeholder?: string;
  /** The text left here last time, restored on mount and kept as it changes. */
  draft?: ComposerDraft;
  /** Takes the focus on mount: a thread is opened to reply in it. */
  autoFocus?: boolean;
  /** The text field, for a screen that moves the focus here. */
  inputRef?: RefObject<HTMLTextAreaElement | null>;
}

/**
 * Enter sends, Shift+Enter starts a new line. The text stays until the
 * server acknowledges it, so a failed send loses nothing. Typing `@` offers
 * the room's members: arrows move, Tab or Enter picks, Escape closes.
 */
export function Composer({
  target,
  send,
  mentionable,
  onTyping,
  testId = "composer",
  placeholder,
  draft,
  autoFocus = false,
  inputRef: givenInputRef,
}: ComposerProps) {
  const inputId = useId();
  const errorId = useId();
  const menuId = useId();
  const ownInputRef = useRef<HTMLTextAreaElement>(null);
  const inputRef = givenInputRef ?? ownInputRef;
  const [text, setText] = useState(() => draft?.load() ?? "");
  const [caret, setCaret] = useState(text.length);
  const [selected, setSelected] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pendingCaret = useRef<number | null>(null);

  const query = mentionAt(text, caret);
  const candidates = query && dismissed !== query.start ? mentionCandidates(mentionable, query.query) : [];
  const menuOpen = candidates.length > 0;
  const active = Math.min(selected, candidates.length - 1);

  const tooLong = text.length > MESSAGE_MAX_LENGTH;
  const canSend = !sending && !tooLong && text.trim().length > 0;

  // Every change, typed or picked from the mention menu; the SDK forgets it once the text is sent.
  const keepDraft = useEffectEvent((value: string) => draft?.save(value));
  useEffect(() => {
    keepDraft(text);
  }, [text]);

  useLayoutEffect(() => {
    if (pendingCaret.current === null) return;
    inputRef.current?.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  }, [text]);

  async function submit() {
    if (!canSend) return;
    setSending(true);
    setError(null);
    try {
      const result = await send(text);
      if (result.ok) {
        setText("");
        setCaret(0);
      } else setError(describeSendError(result.error));
    } catch {
      // The SDK answers failures with a Result; this is only a last line of defence.
      setError("Something went wrong, so your message was not sent. Try again.");
    } finally {
      setSending(false);
    }
    inputRef.current?.focus();
  }

  function pick(username: Username) {
    if (!query) return;
    const completed = completeMention(text, query.start, caret, username);
    pendingCaret.current = completed.caret;
    setText(completed.text);
    setCaret(completed.caret);
    setSelected(0);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void submit();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing) return;
    if (menuOpen) {
      const move = event.key === "ArrowDown" ? 1 : event.key === "ArrowUp" ? -1 : 0;
      if (move !== 0) {
        event.preventDefault();
        setSelected((active + move + candidates.length) % candidates.length);
        return;
      }
      if (event.key === "Tab" || (event.key === "Enter" && !event.shiftKey)) {
        event.preventDefault();
        const name = candidates[active];
        if (name !== undefined) pick(name);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        setDismissed(query?.start ?? null);
        return;
      }
    }
    // While an input method is composing, Enter picks a candidate; it does not send.
    if (event.key !== "Enter" || event.shiftKey) return;
    event.preventDefault();
    void submit();
  }

  return (
    <form className="composer" onSubmit={onSubmit} aria-busy={sending}>
      <label className="visually-hidden" htmlFor={inputId}>
        Message to {target}
      </label>
      {menuOpen && <MentionMenu id={menuId} candidates={candidates} selected={active} onPick={pick} />}
      <div className={error ? "composer__box composer__box--error" : "composer__box"}>
        <textarea
          ref={inputRef}
          id={inputId}
          className="composer__input"
          data-testid={`${testId}-input`}
          rows={1}
          autoFocus={autoFocus}
          placeholder={placeholder ?? `Message ${target}`}
          value={text}
          readOnly={sending}
          role="combobox"
          aria-expanded={menuOpen}
          aria-autocomplete="list"
          aria-controls={menuOpen ? menuId : undefined}
          aria-activedescendant={menuOpen ? `${menuId}-${active}` : undefined}
          aria-invalid={tooLong || error !== null}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            setText(event.target.value);
            setCaret(event.target.selectionStart);
            setSelected(0);
            setError(null);
            onTyping?.(event.target.value !== "");
          }}
          onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
          onBlur={() => onTyping?.(false)}
          onKeyDown={onKeyDown}
        />
        <button
          type="submit"
          className="button button--primary composer__send"
          data-testid={`${testId}-send`}
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
            <kbd>Enter</kbd> to send · <kbd>Shift</kbd> + <kbd>Enter</kbd> for a new line · <kbd>@</kbd> to mention
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
