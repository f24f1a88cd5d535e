import type { AuthApi } from "@parley/client";
import type { User } from "@parley/protocol";
import { useEffect, useState } from "react";
import { AuthScreen } from "./auth-screen.js";
import { Brand } from "./brand.js";
import { ChatSession } from "./chat-session.js";
import { describeAuthError } from "./describe-error.js";

type View =
  /** Asking the server whether this browser's session cookie is still good. */
  { screen: "loading" } | { screen: "auth"; notice: string | null } | { screen: "chat"; user: User };

/**
 * The session lives in an HTTP-only cookie the page cannot read, so on load
 * the server says who is signed in; a reload goes straight back to the chat.
 */
export function App({ api }: { api: AuthApi }) {
  const [view, setView] = useState<View>({ screen: "loading" });

  useEffect(() => {
    let current = true;
    void api.getSession().then((session) => {
      if (!current) return;
      if (session.ok) setView({ screen: "chat", user: session.data.user });
      // Not signed in is the everyday case, not worth a notice.
      else
        setView({
          screen: "auth",
          notice: session.error.code === "unauthorized" ? null : describeAuthError(session.error),
        });
    });
    return () => {
      current = false;
    };
  }, [api]);

  switch (view.screen) {
    case "loading":
      return (
        <main className="auth-screen" aria-busy="true" data-testid="app-loading">
          <Brand />
        </main>
      );
    case "auth":
      return <AuthScreen api={api} notice={view.notice} onSignedIn={(user) => setView({ screen: "chat", user })} />;
    case "chat":
      return (
        <ChatSession
          key={view.user.id}
          api={api}
          user={view.user}
          onSignedOut={(notice) => setView({ screen: "auth", notice })}
        />
      );
  }
}
