/**
 * The practical limit of Node: a raw `ws` broadcast server. A frame is
 * `room<TAB>text`; it goes on, as it came (encoded once), to every
 * connection in that room. Rooms are joined from the URL (`/?rooms=a,b`).
 * Run by the benchmark as its own process: `PORT=… node raw-ws.ts`.
 */
import { WebSocketServer, type WebSocket } from "ws";

const rooms = new Map<string, Set<WebSocket>>();
const server = new WebSocketServer({ port: Number(process.env.PORT), host: "127.0.0.1" });

server.on("connection", (socket, request) => {
  const joined = new URL(request.url ?? "/", "http://localhost").searchParams.get("rooms")?.split(",") ?? [];
  for (const room of joined) {
    const members = rooms.get(room) ?? new Set();
    rooms.set(room, members.add(socket));
  }
  socket.on("message", (frame: Buffer, isBinary) => {
    const room = frame.toString("latin1", 0, frame.indexOf(9));
    for (const member of rooms.get(room) ?? []) member.send(frame, { binary: isBinary });
  });
  socket.on("close", () => {
    for (const room of joined) rooms.get(room)?.delete(socket);
  });
});
