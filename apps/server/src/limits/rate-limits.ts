import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/** Points a key may spend per window. */
export interface Limit {
  points: number;
  seconds: number;
}

/**
 * Realtime requests are counted per user in budgets of their own, so that
 * cheap, frequent notices (typing, reads, presence) never use up what sending
 * needs, and a refused typing notice never delays a message.
 */
export interface RealtimeBudgets {
  /** `message:send`: one point per message, a try of the same message included. */
  sendsPerUser: Limit;
  /** `typing:set`. */
  typingPerUser: Limit;
  /** `room:read`. */
  readsPerUser: Limit;
  /** `presence:set` and `presence:list`. */
  presencePerUser: Limit;
  /** Every other request (history, rooms, search, edits, reactions), and events the server does not know. */
  requestsPerUser: Limit;
}

export interface RateLimitSettings extends RealtimeBudgets {
  /** Sign-up, sign-in and token requests per IP address. */
  signInsPerIp: Limit;
  /** Failed sign-ins per account: stops password guessing from many addresses. */
  failedSignInsPerAccount: Limit;
  /** Socket.IO handshakes per IP address. */
  handshakesPerIp: Limit;
}

export type RealtimeBudget = keyof RealtimeBudgets;

/**
 * Room for a person at full speed: twenty lines pasted as twenty messages, or
 * a fast typist, whose every message also costs a typing notice or two and a
 * read. A reconnect's resync (the room list, then a page or two of each of up
 * to 30 rooms) fits in the requests budget.
 */
export const defaultRateLimits: RateLimitSettings = {
  sendsPerUser: { points: 40, seconds: 10 },
  typingPerUser: { points: 60, seconds: 10 },
  readsPerUser: { points: 60, seconds: 10 },
  presencePerUser: { points: 30, seconds: 10 },
  requestsPerUser: { points: 120, seconds: 10 },
  signInsPerIp: { points: 30, seconds: 15 * 60 },
  failedSignInsPerAccount: { points: 10, seconds: 15 * 60 },
  handshakesPerIp: { points: 60, seconds: 60 },
};

export type RateLimiters = Record<keyof RateLimitSettings, RateLimiter>;

/** What spending a point came to. */
export interface Spent {
  /** How many points the key is over its limit in this window: 0 when allowed. */
  over: number;
  /** When over: how long until the window ends and the key may spend again. */
  retryAfterMs: number;
}

/**
 * A named limiter over rate-limiter-flexible. Memory now; the Redis store
 * takes its place when nodes share limits, behind the same calls.
 */
export class RateLimiter {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  /** Spends a point, refused or not: whoever keeps asking while refused goes further over. */
  async spend(key: string): Promise<Spent> {
    try {
      await this.limiter.consume(key);
      return { over: 0, retryAfterMs: 0 };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return { over: rejection.consumedPoints - this.limiter.points, retryAfterMs: rejection.msBeforeNext };
      }
      throw rejection;
    }
  }

  /** Is the key over its limit now, without spending? */
  async exhausted(key: string): Promise<boolean> {
    const state = await this.limiter.get(key);
    return state !== null && state.consumedPoints >= this.limiter.points;
  }

  async forgive(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

export function createRateLimiters(settings: RateLimitSettings): RateLimiters {
  const make = (name: string, { points, seconds }: Limit) =>
    new RateLimiter(new RateLimiterMemory({ keyPrefix: name, points, duration: seconds }));
  return {
    sendsPerUser: make("sends", settings.sendsPerUser),
    typingPerUser: make("typing", settings.typingPerUser),
    readsPerUser: make("reads", settings.readsPerUser),
    presencePerUser: make("presence", settings.presencePerUser),
    requestsPerUser: make("requests", settings.requestsPerUser),
    signInsPerIp: make("sign-ins", settings.signInsPerIp),
    failedSignInsPerAccount: make("failed-sign-ins", settings.failedSignInsPerAccount),
    handshakesPerIp: make("handshakes", settings.handshakesPerIp),
  };
}
