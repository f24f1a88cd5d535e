import type { AuthApi } from "@parley/client";
import type { User } from "@parley/protocol";
import { useEffect, useState } from "react";
import { AuthScreen } from "./auth-screen.js";
import { Brand } from "./brand.js";
import type { ChatSession } from "./chat-session.js";
import { describeAuthError } from "./describe-error.js";

type ChatSessionComponent = typeof ChatSession;

/**
 * The chat (the socket client and every screen of it) is most of the app, and
 * the sign-in screen needs none of it: it is a chunk of its own, so a first
 * visit shows the sign-in form sooner. Its download starts with the app,
 * alongside the session check, so someone signed in does not wait for one
 * after the other, and someone signing in finds it there.
 *
 * Awaited before the chat view is set rather than through React.lazy: a
 * Suspense fallback, once shown, holds back the content for React's reveal
 * throttle (300 ms) even when the chunk is already there.
 */
const chatSession: Promise<ChatSessionComponent> = import("./chat-session.js").then((module) => module.ChatSession);
// No one waits for it on the sign-in screen; whoever does next hears of a failure.
chatSession.catch(() => {});

const CHAT_NOT_LOADED = "Parley could not be loaded completely. Check your connection and reload the page.";

type View =
  /** Asking the server whether this browser's session cookie is still good. */
  | { screen: "loading" }
  | { screen: "auth"; notice: string | null }
  | { screen: "chat"; user: User; ChatSession: ChatSessionComponent };

/**
 * The session lives in an HTTP-only cookie the page cannot read, so on load
 * the server says who is signed in; a reload goes straight back to the chat.
 */
export function App({ api }: { api: AuthApi }) {
  const [view, setView] = useState<View>({ screen: "loading" });

  /** Into the chat once its code is here; `stillWanted` says whether the page still wants it then. */
  function enterChat(user: User, stillWanted: () => boolean = () => true): void {
    chatSession.then(
      (ChatSession) => stillWanted() && setView({ screen: "chat", user, ChatSession }),
      () => stillWanted() && setView({ screen: "auth", notice: CHAT_NOT_LOADED }),
    );
  }

  useEffect(() => {
    let current = true;
    void api.getSession().then((session) => {
      if (!current) return;
      if (session.ok) enterChat(session.data.user, () => current);
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
      return <AuthScreen api={api} notice={view.notice} onSignedIn={(user) => enterChat(user)} />;
    case "chat":
      return (
        <view.ChatSession
          key={view.user.id}
          api={api}
          user={view.user}
          onSignedOut={(notice) => setView({ screen: "auth", notice })}
        />
      );
  }
}
