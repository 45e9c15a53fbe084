import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '../../ports/rate-limiter';

function windowOf(now: Date, windowSeconds: number) {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const start = nowSeconds - (nowSeconds % windowSeconds);
  return { start, retryAfterSeconds: start + windowSeconds - nowSeconds };
}

/**
 * Fixed-window counters in the main table (one item per key and window, expired by TTL). Atomic ADD makes
 * concurrent attempts from many Lambdas count exactly.
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async hit(key: string, limit: number, windowSeconds: number, now: Date) {
    const { start, retryAfterSeconds } = windowOf(now, windowSeconds);
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `RATE#${key}`, sk: `WINDOW#${start}` },
        UpdateExpression: 'ADD hits :one SET #ttl = :ttl, #t = :type',
        ExpressionAttributeNames: { '#ttl': 'ttl', '#t': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':ttl': start + windowSeconds + 3600, ':type': 'rate' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const hits = Number(out.Attributes?.hits ?? 0);
    return { allowed: hits <= limit, retryAfterSeconds };
  }

  async isBlocked(key: string, limit: number, windowSeconds: number, now: Date) {
    const { start, retryAfterSeconds } = windowOf(now, windowSeconds);
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: `RATE#${key}`, sk: `WINDOW#${start}` }, ConsistentRead: true }));
    return { blocked: Number(out.Item?.hits ?? 0) >= limit, retryAfterSeconds };
  }
}
