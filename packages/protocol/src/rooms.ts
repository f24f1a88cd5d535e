import { z } from "zod";

/** Everyone is in this room; it always exists. */
export const DEFAULT_ROOM_ID = "general";

export const RoomId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "A room id is 1 to 32 lowercase letters, digits or '-'");
export type RoomId = z.infer<typeof RoomId>;

export const RoomJoinPayload = z.strictObject({ roomId: RoomId });
export type RoomJoinPayload = z.infer<typeof RoomJoinPayload>;
