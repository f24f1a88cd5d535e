import { createParleyClient, randomClientId, type ParleyClient } from "@parley/client";
import {
  PROTOCOL_VERSION,
  type Result,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type User,
} from "@parley/protocol";
import { io, type Socket } from "socket.io-client";
import { WebSocket } from "ws";

/**
 * How a load-generator connection talks to each server. The two Socket.IO
 * servers get equally light clients: plain socket.io-client over WebSocket
 * that only hands each message's text on. `parley-sdk` is the full
 * `@parley/client` (validation, ordering, the store), measured on its own.
 */
export type ClientKind = "parley" | "parley-sdk" | "socketio" | "ws";

export interface Peer {
  /** Parley's users authenticate with a bearer token, as real clients do. */
  user?: User;
  token?: string;
  rooms: string[];
}

export interface Connection {
  /** Resolves with whether the server took it (Parley acknowledges; the others cannot say). */
  send(room: string, text: string): Promise<boolean>;
  close(): void;
}

export type OnText = (text: string) => void;

type ParleySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A send not acknowledged by then counts as refused. */
const ACK_TIMEOUT_MS = 30_000;

const socketOptions = { forceNew: true, transports: ["websocket"], reconnection: false, timeout: 60_000 };

export function connect(kind: ClientKind, url: string, peer: Peer, onText: OnText): Promise<Connection> {
  switch (kind) {
    case "parley":
      return parley(url, peer, onText);
    case "parley-sdk":
      return parleySdk(url, peer, onText);
    case "socketio":
      return bareSocketIo(url, peer, onText);
    case "ws":
      return rawWs(url, peer, onText);
  }
}

function parley(url: string, peer: Peer, onText: OnText): Promise<Connection> {
  const socket: ParleySocket = io(url, {
    ...socketOptions,
    auth: { protocolVersion: PROTOCOL_VERSION, token: peer.token },
  });
  socket.on("message:created", ({ messages }) => {
    for (const message of messages) if (message.kind === "user") onText(message.text);
  });
  return connected(socket, {
    async send(roomId, text) {
      try {
        const result = (await socket
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck("message:send", { roomId, text, clientId: randomClientId() })) as Result<unknown>;
        return result.ok;
      } catch {
        return false; // no answer in time
      }
    },
    close: () => socket.disconnect(),
  });
}

function bareSocketIo(url: string, peer: Peer, onText: OnText): Promise<Connection> {
  const socket = io(url, { ...socketOptions, query: { rooms: peer.rooms.join(",") } });
  socket.on("chat message", onText);
  return connected(socket, {
    send(room, text) {
      socket.emit("chat message", text, room);
      return Promise.resolve(true);
    },
    close: () => socket.disconnect(),
  });
}

function connected(socket: Socket, connection: Connection): Promise<Connection> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(connection));
    socket.once("connect_error", (error) => {
      socket.disconnect();
      reject(error);
    });
  });
}

function rawWs(url: string, peer: Peer, onText: OnText): Promise<Connection> {
  const socket = new WebSocket(`${url.replace(/^http/, "ws")}/?rooms=${peer.rooms.join(",")}`);
  socket.on("message", (frame: Buffer) => {
    const text = frame.toString();
    onText(text.slice(text.indexOf("\t") + 1));
  });
  return new Promise((resolve, reject) => {
    socket.once("open", () =>
      resolve({
        send(room, text) {
          socket.send(`${room}\t${text}`);
          return Promise.resolve(true);
        },
        close: () => socket.close(),
      }),
    );
    socket.once("error", reject);
  });
}

/** The SDK as an app uses it: a message counts when it is in the client's store. */
function parleySdk(url: string, peer: Peer, onText: OnText): Promise<Connection> {
  if (!peer.user) throw new Error("The SDK needs the signed-in user");
  const client = createParleyClient({
    url,
    user: peer.user,
    token: peer.token,
    socketOptions: { transports: ["websocket"], timeout: 60_000 },
  });
  const newest = new Map<string, number>();
  client.subscribe(() => {
    for (const [roomId, timeline] of Object.entries(client.getSnapshot().timelines)) {
      const seen = newest.get(roomId) ?? 0;
      const messages = timeline.messages;
      let i = messages.length;
      while (i > 0 && messages[i - 1]!.seq > seen) i--;
      for (const message of messages.slice(i)) if (message.kind === "user") onText(message.text);
      if (messages.length > 0) newest.set(roomId, messages.at(-1)!.seq);
    }
  });
  client.connect();
  return whenOnline(client).then(() => ({
    async send(roomId, text) {
      return (await client.send(roomId, text)).ok;
    },
    close: () => client.close(),
  }));
}

/** Resolves once the client is connected and signed in; rejects if the server turns it away. */
export function whenOnline(client: ParleyClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = client.subscribe(() => {
      const { connection, rejection } = client.getSnapshot();
      if (connection === "online") resolve();
      else if (connection === "rejected") reject(new Error(rejection?.message ?? "rejected"));
      else return;
      stop();
    });
  });
}
