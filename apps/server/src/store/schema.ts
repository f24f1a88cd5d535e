/** The tables, as Kysely sees them. One schema for every SQL backend. */
export interface Database {
  room_messages: {
    id: string;
    room_id: string;
    /** 1, 2, 3, ... per room, in commit order. */
    seq: number;
    kind: "user" | "system";
    /** The author of a user message; the subject of a system message. */
    username: string;
    /** A user message's text; a system message's event ("joined", "left"). */
    body: string;
    /** Milliseconds since the Unix epoch. */
    created_at: number;
  };
  private_messages: {
    id: string;
    sender: string;
    recipient: string;
    body: string;
    created_at: number;
  };
}
