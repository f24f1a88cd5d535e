import { z } from "zod";
import { MessageId, MessageText, Timestamp } from "./messages.js";
import { Username } from "./users.js";

/** A message only its sender and its recipient see, on all of their tabs. */
export const PrivateMessage = z.object({
  id: MessageId,
  from: Username,
  to: Username,
  text: MessageText,
  createdAt: Timestamp,
});
export type PrivateMessage = z.infer<typeof PrivateMessage>;

export const PrivateSendPayload = z.strictObject({
  to: Username,
  text: MessageText,
});
export type PrivateSendPayload = z.infer<typeof PrivateSendPayload>;
