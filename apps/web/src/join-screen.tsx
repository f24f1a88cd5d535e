import { Username, USERNAME_MAX_LENGTH, type ProtocolError } from "@parley/protocol";
import { useId, useState, type FormEvent } from "react";
import { Brand } from "./brand.js";
import { describeRefusal } from "./describe-error.js";

interface JoinScreenProps {
  /** Prefilled: the name being retried, or the one just refused. */
  initialUsername: string;
  /** A connection attempt is under way. */
  joining: boolean;
  /** Why the server refused the last attempt. */
  refusal: ProtocolError | null;
  onJoin: (username: Username) => void;
  onCancel: () => void;
}

export function JoinScreen({ initialUsername, joining, refusal, onJoin, onCancel }: JoinScreenProps) {
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const [username, setUsername] = useState(initialUsername);
  /** A name the server would refuse anyway, caught before connecting. */
  const [invalid, setInvalid] = useState<string | null>(null);
  /** Typing another name retires the server's answer about the last one. */
  const [edited, setEdited] = useState(false);

  const error = invalid ?? (refusal && !joining && !edited ? describeRefusal(refusal) : null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (joining) return;
    const parsed = Username.safeParse(username.trim());
    if (!parsed.success) {
      setInvalid(parsed.error.issues[0]?.message ?? "That is not a valid username");
      return;
    }
    setInvalid(null);
    setEdited(false);
    onJoin(parsed.data);
  }

  return (
    <main className="join-screen">
      <div className="join-card">
        <Brand />
        <h1 className="join-card__title">Join the conversation</h1>
        <p className="join-card__lead">Pick a name and you are in #general. No account, no password.</p>
        <form className="join-form" onSubmit={onSubmit} noValidate>
          <label className="field-label" htmlFor={inputId}>
            Username
          </label>
          <input
            id={inputId}
            className="text-input"
            data-testid="join-username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            maxLength={USERNAME_MAX_LENGTH}
            placeholder="e.g. alice"
            value={username}
            readOnly={joining}
            aria-invalid={error !== null}
            aria-describedby={error ? `${errorId} ${hintId}` : hintId}
            onChange={(event) => {
              setUsername(event.target.value);
              setInvalid(null);
              setEdited(true);
            }}
          />
          <p className="field-hint" id={hintId}>
            Up to {USERNAME_MAX_LENGTH} letters, digits, “_”, “.” or “-”.
          </p>
          {error && (
            <p className="form-error" id={errorId} data-testid="join-error" role="alert">
              {error}
            </p>
          )}
          <button
            type="submit"
            className="button button--primary button--block"
            data-testid="join-submit"
            disabled={joining}
          >
            {joining ? "Joining…" : "Join #general"}
          </button>
          {joining && (
            <button type="button" className="button button--ghost button--block" onClick={onCancel}>
              Cancel
            </button>
          )}
        </form>
      </div>
    </main>
  );
}
