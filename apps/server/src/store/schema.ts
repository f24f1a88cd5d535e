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
  users: {
    id: string;
    username: string;
    /** The username in lower case: names are unique whatever their case. */
    username_key: string;
    /** argon2id, in PHC string format (algorithm and parameters included). */
    password_hash: string;
    created_at: number;
  };
  sessions: {
    /** SHA-256 of the session token, hex. */
    id: string;
    user_id: string;
    created_at: number;
    expires_at: number;
    revoked_at: number | null;
  };
}
