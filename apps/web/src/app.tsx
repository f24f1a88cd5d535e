import { createParleyClient, type ParleyClient } from "@parley/client";
import type { Username } from "@parley/protocol";
import { useEffect, useState } from "react";
import { ChatScreen } from "./chat-screen.js";
import { getDeviceKey } from "./device-key.js";
import { JoinScreen } from "./join-screen.js";
import { forgetUsername, loadUsername, rememberUsername } from "./remembered-username.js";
import { useChat } from "./use-chat.js";

/** Same origin: Vite's proxy in development, the server itself in production. */
function openClient(username: Username): ParleyClient {
  return createParleyClient({ username, deviceKey: getDeviceKey() });
}

/**
 * One client per attempt to join. Until the server lets it in, the join
 * screen shows the attempt; a refusal brings it back with the reason.
 */
export function App() {
  const [client, setClient] = useState<ParleyClient | null>(() => {
    const remembered = loadUsername();
    return remembered === null ? null : openClient(remembered);
  });
  const state = useChat(client);
  const connection = state?.connection;
  const username = state?.username;

  useEffect(() => {
    if (client === null) return;
    client.connect();
    return () => client.close();
  }, [client]);

  // The name is remembered once the server accepted it, so a reload rejoins by itself.
  useEffect(() => {
    if (username === undefined) return;
    if (connection === "online") rememberUsername(username);
    else if (connection === "rejected") forgetUsername();
  }, [connection, username]);

  function signOut() {
    forgetUsername();
    setClient(null);
  }

  if (client === null || state === null) {
    return (
      <JoinScreen
        initialUsername=""
        joining={false}
        refusal={null}
        onJoin={(name) => setClient(openClient(name))}
        onCancel={signOut}
      />
    );
  }
  switch (state.connection) {
    case "connecting":
    case "rejected":
      return (
        <JoinScreen
          initialUsername={state.username}
          joining={state.connection === "connecting"}
          refusal={state.rejection}
          onJoin={(name) => setClient(openClient(name))}
          onCancel={signOut}
        />
      );
    case "online":
    case "reconnecting":
    case "closed":
      return <ChatScreen client={client} state={state} onSignOut={signOut} />;
  }
}
