// Artillery processor for parley.yml: the steps YAML cannot express.
// Plain JavaScript on purpose: Artillery imports this file itself, outside the
// workspace's build, so it may use nothing but Node's standard library.
import { randomBytes, randomUUID } from "node:crypto";

/** The wire protocol version the server expects in the handshake (packages/protocol/src/version.ts). */
const PROTOCOL_VERSION = 5;

/**
 * A fresh, unique account for this virtual user. Artillery's own `$uuid` is
 * 36 characters, longer than the 32 a username may have, and a username may
 * only hold letters, digits, '_', '.' and '-'.
 */
export async function newAccount(context) {
  context.vars.username = `load-${randomBytes(12).toString("hex")}`;
  context.vars.password = randomUUID();
}

/**
 * A new message. Its clientId must be new for every message: the server
 * stores a message once per author and clientId, so reusing one would get the
 * first message back instead of a new one.
 */
export async function newMessage(context) {
  context.vars.clientId = randomUUID();
  context.vars.text = `Load test message ${context.vars.clientId.slice(0, 8)} from ${context.vars.username}`;
}

/**
 * Turns the virtual user's socket into one signed in as its own account.
 *
 * Artillery's socketio engine opens the socket before the first step of the
 * flow, and its handshake options are rendered only then, so a token that the
 * flow obtains cannot reach that first handshake (a known limitation:
 * artilleryio/artillery#3520). The socket therefore first comes up with the
 * `before` section's account, and here it connects again with the token this
 * user just got, as Socket.IO's client documents for changing credentials.
 * The server runs its handshake check on every connection, so from now on the
 * socket is this user's.
 */
export async function connectAsNewAccount(context, events) {
  const socket = context.sockets[""];
  // The engine's one-shot listener from the first connection would run its
  // finished callback a second time if this connection were refused.
  socket.off("connect_error");
  socket.auth = { protocolVersion: PROTOCOL_VERSION, token: context.vars.token };
  await new Promise((resolve, reject) => {
    const connected = () => {
      socket.off("connect_error", refused);
      resolve();
    };
    const refused = (error) => {
      socket.off("connect", connected);
      // The server's refusal carries { code, message } (e.g. rate_limited).
      // Emitted as well, because a failing function step alone fails the
      // user without naming the reason in the report.
      const reason = `handshake refused: ${error.data?.code ?? error.message}`;
      events.emit("error", reason);
      reject(new Error(reason));
    };
    socket.once("connect", connected);
    socket.once("connect_error", refused);
    socket.disconnect().connect();
  });
  // What the user hears while it stays: every message posted to its rooms,
  // its own included. Counted, so the report shows that broadcasts arrived.
  // One broadcast may carry several messages (those stored together).
  socket.on("message:created", ({ messages }) => {
    events.emit("counter", "parley.message_created.received", messages.length);
  });
}
