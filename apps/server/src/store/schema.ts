import type { Generated } from "kysely";

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
    /** A user message's text; a system message's event ("joined", "renamed", ...). */
    body: string;
    /** Milliseconds since the Unix epoch. */
    created_at: number;
    /** The message a reply belongs under; null in the main timeline. */
    thread_id: string | null;
    reply_count: Generated<number>;
    edited_at: number | null;
    /** Set when deleted; the body is then emptied. */
    deleted_at: number | null;
    /**
     * The sender's id for a user message, unique per author (username): a
     * retried send finds it. Null for system messages and older rows.
     */
    client_id: string | null;
    /**
     * A system message's facts beyond its event, as JSON (`{ name }`,
     * `{ from, to }`, `{ topic }`); null for joined and left, and for user messages.
     */
    detail: string | null;
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
  rooms: {
    id: string;
    kind: "channel" | "dm";
    name: string;
    topic: Generated<string>;
    visibility: "public" | "private";
    owner_id: string | null;
    /** A channel's name in lower case (unique); null for a direct conversation. */
    name_key: string | null;
    /** A direct conversation's sorted member ids (unique); null for a channel. */
    dm_key: string | null;
    created_at: number;
    /**
     * The sequence number of the room's newest message. An append advances it
     * in the transaction that inserts, so writers on many nodes take turns per
     * room and a room's messages commit in order, with no gaps.
     */
    last_seq: Generated<number>;
  };
  room_members: {
    room_id: string;
    user_id: string;
    joined_at: number;
    last_read_seq: Generated<number>;
  };
  reactions: {
    message_id: string;
    user_id: string;
    emoji: string;
    created_at: number;
  };
  /** Who a message @mentions: the people, in the order the text first names them. */
  mentions: {
    message_id: string;
    user_id: string;
    /** 0, 1, 2, ... within the message. */
    position: number;
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
