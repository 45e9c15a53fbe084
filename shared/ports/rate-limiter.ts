/** Fixed-window counters, e.g. failed invitation codes per source address. */
export interface RateLimiter {
  /** Counts one attempt; `allowed` is false once the window holds more than `limit` attempts. */
  hit(key: string, limit: number, windowSeconds: number, now: Date): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
  /** Whether the key is currently over its limit, without counting. */
  isBlocked(key: string, limit: number, windowSeconds: number, now: Date): Promise<{ blocked: boolean; retryAfterSeconds: number }>;
}
