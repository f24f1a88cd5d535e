import type { AuthApi } from "@parley/client";
import { PASSWORD_MIN_LENGTH, USERNAME_MAX_LENGTH, type User } from "@parley/protocol";
import { useId, useState, type FormEvent } from "react";
import { Brand } from "./brand.js";
import { readCredentials } from "./credentials-input.js";
import { describeAuthError } from "./describe-error.js";

export type AuthMode = "sign-in" | "sign-up";

interface AuthScreenProps {
  api: Pick<AuthApi, "signIn" | "signUp">;
  /** Why the person is here, e.g. their session ended; null when they came to sign in. */
  notice: string | null;
  /** Signed in: the server has set the session cookie. */
  onSignedIn: (user: User) => void;
}

const COPY = {
  "sign-in": {
    title: "Welcome back",
    lead: "Sign in to join the conversation.",
    submit: "Sign in",
    submitting: "Signing in…",
    switchPrompt: "New to Parley?",
    switchAction: "Create an account",
    passwordAutoComplete: "current-password",
  },
  "sign-up": {
    title: "Create your account",
    lead: "Pick a username and a password; you land in #general.",
    submit: "Create account",
    submitting: "Creating account…",
    switchPrompt: "Already have an account?",
    switchAction: "Sign in",
    passwordAutoComplete: "new-password",
  },
} as const;

/** Sign in and sign up: one form in two modes. */
export function AuthScreen({ api, notice, onSignedIn }: AuthScreenProps) {
  const usernameId = useId();
  const usernameHintId = useId();
  const passwordId = useId();
  const passwordHintId = useId();
  const errorId = useId();
  const [mode, setMode] = useState<AuthMode>("sign-in");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The notice is about the last session; trying again retires it. */
  const [showNotice, setShowNotice] = useState(notice !== null);
  const copy = COPY[mode];

  async function submit() {
    setShowNotice(false);
    const credentials = readCredentials(username, password);
    if (!credentials.ok) {
      setError(describeAuthError(credentials.error));
      return;
    }
    setSubmitting(true);
    setError(null);
    const result = await (mode === "sign-in" ? api.signIn(credentials.data) : api.signUp(credentials.data));
    setSubmitting(false);
    if (result.ok) onSignedIn(result.data.user);
    else setError(describeAuthError(result.error));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!submitting) void submit();
  }

  function switchMode() {
    setMode(mode === "sign-in" ? "sign-up" : "sign-in");
    setError(null);
  }

  const describedBy = (hintId: string | null) =>
    [error ? errorId : null, hintId].filter((id) => id !== null).join(" ") || undefined;

  return (
    <main className="auth-screen">
      <div className="auth-card">
        <Brand />
        <h1 className="auth-card__title">{copy.title}</h1>
        <p className="auth-card__lead">{copy.lead}</p>
        {notice && showNotice && (
          <p className="form-notice" data-testid="auth-notice" role="status">
            {notice}
          </p>
        )}
        <form className="auth-form" data-testid="auth-form" data-mode={mode} onSubmit={onSubmit} noValidate>
          <label className="field-label" htmlFor={usernameId}>
            Username
          </label>
          <input
            id={usernameId}
            className="text-input"
            data-testid="auth-username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            maxLength={USERNAME_MAX_LENGTH}
            value={username}
            readOnly={submitting}
            aria-invalid={error !== null}
            aria-describedby={describedBy(mode === "sign-up" ? usernameHintId : null)}
            onChange={(event) => {
              setUsername(event.target.value);
              setError(null);
            }}
          />
          {mode === "sign-up" && (
            <p className="field-hint" id={usernameHintId}>
              Up to {USERNAME_MAX_LENGTH} letters, digits, “_”, “.” or “-”. Everyone sees it.
            </p>
          )}
          <label className="field-label auth-form__password-label" htmlFor={passwordId}>
            Password
          </label>
          <input
            id={passwordId}
            className="text-input"
            data-testid="auth-password"
            name="password"
            type="password"
            autoComplete={copy.passwordAutoComplete}
            value={password}
            readOnly={submitting}
            aria-invalid={error !== null}
            aria-describedby={describedBy(mode === "sign-up" ? passwordHintId : null)}
            onChange={(event) => {
              setPassword(event.target.value);
              setError(null);
            }}
          />
          {mode === "sign-up" && (
            <p className="field-hint" id={passwordHintId}>
              At least {PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong one.
            </p>
          )}
          {error && (
            <p className="form-error" id={errorId} data-testid="auth-error" role="alert">
              {error}
            </p>
          )}
          <button
            type="submit"
            className="button button--primary button--block"
            data-testid="auth-submit"
            disabled={submitting}
          >
            {submitting ? copy.submitting : copy.submit}
          </button>
        </form>
        <p className="auth-card__switch">
          {copy.switchPrompt}{" "}
          <button
            type="button"
            className="link-button"
            data-testid="auth-mode-toggle"
            disabled={submitting}
            onClick={switchMode}
          >
            {copy.switchAction}
          </button>
        </p>
      </div>
    </main>
  );
}
