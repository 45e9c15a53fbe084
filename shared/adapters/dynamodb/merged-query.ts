import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Page } from '../../domain/schemas';
import { ValidationError } from '../../errors';

/** Per-partition continuation: the last sort key handed out, or null once that partition is exhausted. */
type MergeCursor = Record<string, string | null>;

export interface MergedQuery {
  table: string;
  /** Partition ids the caller may read (e.g. the patient registrations linked to an account) and their keys. */
  partitions: ReadonlyArray<{ id: string; pk: string }>;
  /** Sort-key prefix of the list (e.g. 'DOC#'); cursors outside it are refused. */
  skPrefix: string;
  limit: number;
  cursor?: string;
  filter?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
}

function decode(cursor: string | undefined, ids: readonly string[], skPrefix: string): MergeCursor {
  if (!cursor) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationError('The page cursor is not valid.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ValidationError('The page cursor is not valid.');
  for (const [id, sk] of Object.entries(parsed)) {
    if (!ids.includes(id)) throw new ValidationError('The page cursor does not belong to this list.');
    if (sk !== null && (typeof sk !== 'string' || !sk.startsWith(skPrefix))) throw new ValidationError('The page cursor is not valid.');
  }
  return parsed as MergeCursor;
}

/**
 * One list, newest sort key first, merged from a Query per partition: no scan, and a page costs the same wherever
 * it is in the list. The opaque cursor remembers where each partition stopped, and is checked to name only the
 * caller's partitions, so a crafted cursor cannot start a read elsewhere.
 */
export async function mergedQuery(doc: DynamoDBDocumentClient, q: MergedQuery): Promise<Page<Record<string, unknown>>> {
  const ids = q.partitions.map((p) => p.id);
  const cursor = decode(q.cursor, ids, q.skPrefix);
  const batches = await Promise.all(
    q.partitions
      .filter((p) => cursor[p.id] !== null)
      .map(async (partition) => {
        const after = cursor[partition.id];
        const out = await doc.send(
          new QueryCommand({
            TableName: q.table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': partition.pk, ':prefix': q.skPrefix, ...q.filter?.values },
            ...(q.filter ? { FilterExpression: q.filter.expression } : {}),
            ...(q.filter?.names ? { ExpressionAttributeNames: q.filter.names } : {}),
            ScanIndexForward: false,
            Limit: q.limit,
            ...(after ? { ExclusiveStartKey: { pk: partition.pk, sk: after } } : {}),
          }),
        );
        return {
          id: partition.id,
          items: (out.Items ?? []) as Array<Record<string, unknown>>,
          // Where DynamoDB stopped reading, which with a filter can be past the last item it returned.
          lastRead: out.LastEvaluatedKey?.sk as string | undefined,
        };
      }),
  );
  const merged = batches
    .flatMap((b) => b.items.map((item) => ({ id: b.id, sk: item.sk as string, item })))
    .sort((a, b) => (a.sk < b.sk ? 1 : a.sk > b.sk ? -1 : a.id < b.id ? 1 : -1))
    .slice(0, q.limit);

  const next: MergeCursor = { ...cursor };
  for (const batch of batches) {
    const taken = merged.filter((m) => m.id === batch.id);
    if (taken.length === batch.items.length) {
      // Everything this partition returned was used: continue where DynamoDB stopped, or it is exhausted.
      next[batch.id] = batch.lastRead ?? null;
    } else {
      next[batch.id] = taken.at(-1)?.sk ?? cursor[batch.id] ?? '';
      if (next[batch.id] === '') delete next[batch.id];
    }
  }
  const done = ids.every((id) => next[id] === null);
  return { items: merged.map((m) => m.item), nextCursor: done ? undefined : Buffer.from(JSON.stringify(next)).toString('base64url') };
}

/** Removes the storage keys from an item. */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, type: _t, ttl: _ttl, ...rest } = item;
  return rest;
}
