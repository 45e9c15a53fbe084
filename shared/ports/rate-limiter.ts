/** Attempt counters over a sliding window, e.g. failed invitation codes per source address. */
export interface RateLimiter {
  /** Counts one attempt; `allowed` is false once the window holds more than `limit` attempts. */
  hit(key: string, limit: number, windowSeconds: number, now: Date): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
  /** Whether the key is currently at or over its limit, without counting. */
  isBlocked(key: string, limit: number, windowSeconds: number, now: Date): Promise<{ blocked: boolean; retryAfterSeconds: number }>;
}

/** The fixed window `now` falls in, and how far into it `now` is. */
export function windowOf(now: Date, windowSeconds: number) {
  const nowSeconds = now.getTime() / 1000;
  const start = Math.floor(nowSeconds / windowSeconds) * windowSeconds;
  const elapsedFraction = (nowSeconds - start) / windowSeconds;
  return { start, elapsedFraction, retryAfterSeconds: Math.max(1, Math.ceil(start + windowSeconds - nowSeconds)) };
}

/**
 * Sliding-window estimate: the current window's count plus the part of the previous one still inside the window,
 * rounded up, so that a full burst just before a boundary still counts in full just after it.
 */
export function slidingCount(current: number, previous: number, elapsedFraction: number): number {
  return current + Math.ceil(previous * (1 - elapsedFraction));
}
