import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { DynamoRateLimiter } from '../../shared/adapters/dynamodb/rate-limiter';
import { TABLES } from '../../shared/platform/resources';
import { StackClient } from '../support/stack-client';

const { url, ports } = inject('stack');
const api = new StackClient(url, ports);
const limiter = () => new DynamoRateLimiter(api.doc, TABLES.main.localName);
const WINDOW = 900;
const at = (iso: string) => new Date(iso);

describe('rate limiting over a sliding window (DynamoDB Local)', () => {
  it('still blocks right after a window boundary: attempts just before it keep counting', async () => {
    const key = `test:${randomUUID()}`;
    // 12:14:50 is the end of the 12:00 window; 12:15:05 is the start of the next.
    for (let i = 0; i < 5; i++) await limiter().hit(key, 5, WINDOW, at('2026-11-22T12:14:50Z'));

    expect((await limiter().isBlocked(key, 5, WINDOW, at('2026-11-22T12:14:55Z'))).blocked).toBe(true);
    expect((await limiter().isBlocked(key, 5, WINDOW, at('2026-11-22T12:15:05Z'))).blocked).toBe(true);
    expect((await limiter().hit(key, 5, WINDOW, at('2026-11-22T12:15:05Z'))).allowed).toBe(false);
  });

  it('lets attempts through again as the old ones slide out', async () => {
    const key = `test:${randomUUID()}`;
    for (let i = 0; i < 5; i++) await limiter().hit(key, 5, WINDOW, at('2026-11-22T13:00:10Z'));

    expect((await limiter().isBlocked(key, 5, WINDOW, at('2026-11-22T13:10:00Z'))).blocked).toBe(true);
    expect((await limiter().isBlocked(key, 5, WINDOW, at('2026-11-22T13:20:00Z'))).blocked).toBe(false);
  });
});
