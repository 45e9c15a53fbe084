import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '../../ports/rate-limiter';
import { slidingCount, windowOf } from '../../ports/rate-limiter';

/**
 * Counters in the main table, one item per key and fixed window (expired by TTL), read as a sliding window: the
 * previous window counts in proportion to how much of it still overlaps the last `windowSeconds`. So a burst
 * straddling a window boundary is not allowed twice the limit, and a count does not reset at an arbitrary instant.
 * Atomic ADD makes concurrent attempts from many Lambdas count exactly.
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private key(key: string, start: number) {
    return { pk: `RATE#${key}`, sk: `WINDOW#${start}` };
  }

  private async previous(key: string, start: number, windowSeconds: number): Promise<number> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: this.key(key, start - windowSeconds), ConsistentRead: true }));
    return Number(out.Item?.hits ?? 0);
  }

  async hit(key: string, limit: number, windowSeconds: number, now: Date) {
    const w = windowOf(now, windowSeconds);
    const [out, previous] = await Promise.all([
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: this.key(key, w.start),
          UpdateExpression: 'ADD hits :one SET #ttl = :ttl, #t = :type',
          ExpressionAttributeNames: { '#ttl': 'ttl', '#t': 'type' },
          ExpressionAttributeValues: { ':one': 1, ':ttl': w.start + 2 * windowSeconds + 3600, ':type': 'rate' },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
      this.previous(key, w.start, windowSeconds),
    ]);
    const count = slidingCount(Number(out.Attributes?.hits ?? 0), previous, w.elapsedFraction);
    return { allowed: count <= limit, retryAfterSeconds: w.retryAfterSeconds };
  }

  async isBlocked(key: string, limit: number, windowSeconds: number, now: Date) {
    const w = windowOf(now, windowSeconds);
    const [current, previous] = await Promise.all([
      this.doc.send(new GetCommand({ TableName: this.table, Key: this.key(key, w.start), ConsistentRead: true })).then((o) => Number(o.Item?.hits ?? 0)),
      this.previous(key, w.start, windowSeconds),
    ]);
    return { blocked: slidingCount(current, previous, w.elapsedFraction) >= limit, retryAfterSeconds: w.retryAfterSeconds };
  }
}
