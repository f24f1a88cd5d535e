import { createParleyClient, localStorageDrafts, localStorageOutbox, type AuthApi } from "@parley/client";
import type { User } from "@parley/protocol";
import { useEffect, useEffectEvent, useState } from "react";
import { ChatScreen } from "./chat-screen.js";
import { useChat } from "./use-chat.js";

interface ChatSessionProps {
  api: Pick<AuthApi, "getSession" | "signOut">;
  /** Who signed in; the socket itself is signed in by the session cookie. */
  user: User;
  /** Back to the sign-in screen, with a notice saying why; null when the person signed out here. */
  onSignedOut: (notice: string | null) => void;
}

/** The session ended elsewhere: signed out in another tab, expired or revoked. */
const SESSION_ENDED = "You have been signed out. Sign in again to continue.";
const SIGN_OUT_UNCONFIRMED =
  "The server could not be reached to sign you out, so this browser may still be signed in. Try again once you are back online.";

/** One signed-in stay in the chat: its client, from connecting to signing out. */
export function ChatSession({ api, user, onSignedOut }: ChatSessionProps) {
  // The page's own origin, as for the auth API (see main.tsx).
  // Unsent messages and drafts survive a reload, kept per user so another person at this browser never sees or sends them.
  const [client] = useState(() =>
    createParleyClient({
      user,
      outbox: localStorageOutbox(`parley:outbox:${user.id}`),
      drafts: localStorageDrafts(`parley:drafts:${user.id}`),
    }),
  );
  const state = useChat(client);
  const [signingOut, setSigningOut] = useState(false);
  const leave = useEffectEvent(onSignedOut);

  useEffect(() => {
    client.connect();
    return () => client.close();
  }, [client]);

  // The session ended elsewhere (another tab signed out, it expired, it was
  // revoked). A new connection is refused as unauthorized; a live one is
  // closed by the server, which also closes a client that floods it, so the
  // session itself says which it was.
  const { connection, rejection } = state;
  useEffect(() => {
    if (signingOut) return;
    if (connection === "rejected" && rejection?.code === "unauthorized") {
      leave(SESSION_ENDED);
      return;
    }
    if (connection !== "closed") return;
    let current = true;
    void api.getSession().then((session) => {
      if (current && !session.ok && session.error.code === "unauthorized") leave(SESSION_ENDED);
    });
    return () => {
      current = false;
    };
  }, [api, connection, rejection, signingOut]);

  async function signOut() {
    setSigningOut(true);
    // The server ends the session's sockets itself; closing ours only after
    // that avoids racing its last frames (browsers log those as errors).
    const result = await api.signOut();
    client.close();
    onSignedOut(result.ok || result.error.code === "unauthorized" ? null : SIGN_OUT_UNCONFIRMED);
  }

  return (
    <ChatScreen client={client} state={state} user={user} signingOut={signingOut} onSignOut={() => void signOut()} />
  );
}
