import type { z } from "zod";
import { MessageSendPayload, RoomHistory, RoomMessage } from "./messages.js";
import { OnlineUsers, PresenceChange, PresenceListPayload } from "./presence.js";
import { PrivateMessage, PrivateSendPayload } from "./private-messages.js";
import type { Result } from "./result.js";
import { RoomJoinPayload } from "./rooms.js";
import type { SocketData } from "./users.js";

/**
 * Client to server: every event is a request, answered through its ack with a
 * Result. Names are imperative `domain:verb`.
 */
export const requests = {
  /** Join a room and receive its recent history. */
  "room:join": { payload: RoomJoinPayload, result: RoomHistory },
  /** Post to a joined room; everyone in it gets `message:created`. */
  "message:send": { payload: MessageSendPayload, result: RoomMessage },
  /** Write to one connected user; both get `private:created` on every tab. */
  "private:send": { payload: PrivateSendPayload, result: PrivateMessage },
  /** Who is connected now. */
  "presence:list": { payload: PresenceListPayload, result: OnlineUsers },
} as const satisfies Record<string, { payload: z.ZodType; result: z.ZodType }>;

/** Server to client: what happened, named in the past tense. */
export const broadcasts = {
  "message:created": RoomMessage,
  "private:created": PrivateMessage,
  "presence:changed": PresenceChange,
} as const satisfies Record<string, z.ZodType>;

export type RequestName = keyof typeof requests;
/** What a sender may pass (before the schema's parsing). */
export type RequestPayload<E extends RequestName> = z.input<(typeof requests)[E]["payload"]>;
export type RequestResult<E extends RequestName> = z.output<(typeof requests)[E]["result"]>;
export type Ack<T> = (result: Result<T>) => void;

export type BroadcastName = keyof typeof broadcasts;
export type BroadcastPayload<E extends BroadcastName> = z.output<(typeof broadcasts)[E]>;

/** The four maps that type both ends: `Server<C2S, S2C, ISE, SD>` and `Socket<S2C, C2S>`. */
export type ClientToServerEvents = {
  [E in RequestName]: (payload: RequestPayload<E>, ack: Ack<RequestResult<E>>) => void;
};
export type ServerToClientEvents = {
  [E in BroadcastName]: (payload: BroadcastPayload<E>) => void;
};
/** Nodes say nothing to each other yet; the Redis adapter will carry room broadcasts. */
export type InterServerEvents = Record<never, never>;
export type { SocketData };
