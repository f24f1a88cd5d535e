import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/** Points a key may spend per window. */
export interface Limit {
  points: number;
  seconds: number;
}

export interface RateLimitSettings {
  /** Realtime requests per user (every event a client sends). */
  requestsPerUser: Limit;
  /** Sign-up, sign-in and token requests per IP address. */
  signInsPerIp: Limit;
  /** Failed sign-ins per account: stops password guessing from many addresses. */
  failedSignInsPerAccount: Limit;
  /** Socket.IO handshakes per IP address. */
  handshakesPerIp: Limit;
}

export const defaultRateLimits: RateLimitSettings = {
  requestsPerUser: { points: 30, seconds: 10 },
  signInsPerIp: { points: 30, seconds: 15 * 60 },
  failedSignInsPerAccount: { points: 10, seconds: 15 * 60 },
  handshakesPerIp: { points: 60, seconds: 60 },
};

export type RateLimiters = Record<keyof RateLimitSettings, RateLimiter>;

/**
 * A named limiter over rate-limiter-flexible. Memory now; the Redis store
 * takes its place when nodes share limits, behind the same calls.
 */
export class RateLimiter {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  /** Spends a point; how many points the key is over its limit (0 = allowed). */
  async spend(key: string): Promise<number> {
    try {
      await this.limiter.consume(key);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return rejection.consumedPoints - this.limiter.points;
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
    requestsPerUser: make("requests", settings.requestsPerUser),
    signInsPerIp: make("sign-ins", settings.signInsPerIp),
    failedSignInsPerAccount: make("failed-sign-ins", settings.failedSignInsPerAccount),
    handshakesPerIp: make("handshakes", settings.handshakesPerIp),
  };
}
