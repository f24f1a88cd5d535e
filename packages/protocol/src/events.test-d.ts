import type { Server } from "socket.io";
import type { Socket } from "socket.io-client";
import { describe, expectTypeOf, it } from "vitest";
import type { Ack, ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "./events.js";
import type { ErrorCode, LeanRoomMessage, MessagePage, RoomMessage, RoomSummary } from "./index.js";

type ParleyServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type ParleyClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

declare const server: ParleyServer;
declare const client: ParleyClientSocket;
declare const message: RoomMessage;

describe("the client side", () => {
  it("types each request's payload and its ack", () => {
    expectTypeOf<ClientToServerEvents["message:send"]>()
      .parameter(0)
      .toEqualTypeOf<{ clientId: string; roomId: string; text: string; threadId?: string | undefined }>();
    expectTypeOf<ClientToServerEvents["room:join"]>().parameter(1).toEqualTypeOf<Ack<RoomSummary>>();
    expectTypeOf(client.emitWithAck("message:list", { roomId: "general", before: 10 })).resolves.toEqualTypeOf<
      | { ok: true; data: MessagePage }
      | { ok: false; error: { code: ErrorCode; message: string; retryAfterMs?: number | undefined } }
    >();
  });

  it("does not compile a wrong payload or an unknown event", () => {
    // @ts-expect-error text must be a string
    client.emit("message:send", { clientId: "c", roomId: "general", text: 42 }, () => {});
    // @ts-expect-error roomId is required
    client.emit("message:send", { clientId: "c", text: "hi" }, () => {});
    // @ts-expect-error no such event
    client.emit("message:sned", { roomId: "general", text: "hi" }, () => {});
    // @ts-expect-error a broadcast is not a request
    client.emit("message:created", message);
  });

  it("types what the server sends", () => {
    client.on("message:created", (payload) => expectTypeOf(payload).toEqualTypeOf<{ messages: LeanRoomMessage[] }>());
    // @ts-expect-error no such broadcast
    client.on("message:deleted", () => {});
  });
});

describe("the server side", () => {
  it("types handlers from the same maps", () => {
    server.on("connection", (socket) => {
      expectTypeOf(socket.data).toEqualTypeOf<SocketData>();
      socket.on("message:send", (payload, ack) => {
        expectTypeOf(payload).toEqualTypeOf<{
          clientId: string;
          roomId: string;
          text: string;
          threadId?: string | undefined;
        }>();
        expectTypeOf(ack).toEqualTypeOf<Ack<RoomMessage>>();
      });
      // @ts-expect-error no such request
      socket.on("message:unsend", () => {});
    });
  });

  it("does not compile a wrong broadcast", () => {
    server.to("general").emit("message:created", { messages: [message] });
    // @ts-expect-error a room message needs its fields
    server.to("general").emit("message:created", { messages: [{ text: "hi" }] });
    // @ts-expect-error new messages go out in a batch
    server.to("general").emit("message:created", message);
    // @ts-expect-error no such broadcast
    server.emit("message:exploded", message);
    server.emit("presence:changed", { changes: [{ username: "alice", status: "away" }] });
    // @ts-expect-error presence status is online, away or offline
    server.emit("presence:changed", { changes: [{ username: "alice", status: "busy" }] });
    // @ts-expect-error presence changes go out in a batch
    server.emit("presence:changed", { username: "alice", status: "online" });
  });
});
