/**
 * The tutorial's chat server, as the tutorial wrote it: Express and
 * Socket.IO, and on a message, emit it to everyone. No accounts, no
 * validation, no storage, no ordering. The only addition is rooms (joined
 * from the handshake query), so the many-rooms scenario can run against it
 * too. Run by the benchmark as its own process: `PORT=… node bare-socketio.ts`.
 */
import { createServer } from "node:http";
import express from "express";
import { Server } from "socket.io";

const app = express();
const http = createServer(app);
const io = new Server(http);

io.on("connection", (socket) => {
  const rooms = socket.handshake.query.rooms;
  if (typeof rooms === "string" && rooms) void socket.join(rooms.split(","));
  socket.on("chat message", (text: string, room?: string) => {
    (room ? io.to(room) : io).emit("chat message", text);
  });
});

http.listen(Number(process.env.PORT), "127.0.0.1");
