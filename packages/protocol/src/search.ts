import { z } from "zod";
import { RoomId } from "./ids.js";
import { UserMessage } from "./messages.js";
import { text } from "./text.js";

export const SearchPayload = z.strictObject({
  query: text(200, "A search").refine((query) => query.trim().length > 0, "Search for something"),
  /** Only this room; otherwise every room the user belongs to. */
  roomId: RoomId.optional(),
  limit: z.number().int().min(1).max(50).default(20),
});
export type SearchPayload = z.input<typeof SearchPayload>;

/**
 * A match, with its text cut into parts: `match` parts are what the query hit.
 * Parts, not markup, so a client highlights without ever parsing HTML.
 */
export const SearchHit = z.object({
  message: UserMessage,
  parts: z.array(z.object({ text: z.string(), match: z.boolean() })),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResults = z.object({ hits: z.array(SearchHit) });
export type SearchResults = z.infer<typeof SearchResults>;
