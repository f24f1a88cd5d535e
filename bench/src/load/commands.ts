import type { RecordableHistogram } from "node:perf_hooks";
import type { ClientKind, Peer } from "./clients.ts";

/** What the benchmark asks of a load worker, and what each request answers. */
export interface Commands {
  /** Opens a connection per peer, at most `concurrency` handshakes at once. */
  connect: {
    args: { kind: ClientKind; url: string; peers: Peer[]; concurrency: number };
    answer: { connected: number; failed: number; firstError: string | null; ms: number };
  };
  /** From now on, count and time the messages of this step; forget earlier counts. */
  measure: { args: { step: number }; answer: null };
  /** How many messages of the current step arrived so far. */
  count: { args: null; answer: { delivered: number } };
  /**
   * The current step's count, latencies, and when its last message arrived
   * (all in microseconds); `busy`: the share of the step the thread's event
   * loop was working (1 = it could not have received any faster).
   */
  collect: { args: null; answer: { delivered: number; latency: RecordableHistogram; lastAt: number; busy: number } };
  /** Sends `rate` messages a second for `durationMs`, spread over the connections, round-robin over the rooms. */
  send: {
    args: { step: number; rate: number; durationMs: number; rooms: string[] };
    /** `ms`: how long sending took; longer than `durationMs` means the sender fell behind. */
    answer: { sent: number; accepted: number; ms: number };
  };
  /**
   * Each of `lanes` lanes sends its next message as soon as the last was
   * acknowledged, for `durationMs` or until `limit` were sent. `latency`: send
   * to ack of each accepted message, in microseconds.
   */
  flood: {
    args: { lanes: number; durationMs: number; room: string; limit?: number };
    answer: { accepted: number; refused: number; latency: RecordableHistogram };
  };
  /** Closes every connection. */
  close: { args: null; answer: null };
}

export type CommandName = keyof Commands;

export interface Request<C extends CommandName = CommandName> {
  id: number;
  command: C;
  args: Commands[C]["args"];
}

export type Reply = { id: number; answer: unknown } | { id: number; error: string };
