import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Page } from '../../domain/schemas';
import { ValidationError } from '../../errors';

type Key = Record<string, string>;
/** Per-partition continuation: the key to start after, or null once that partition is exhausted. */
type MergeCursor = Record<string, Key | null>;

export interface MergedQuery {
  table: string;
  /** Query an index instead of the table: its name and key attribute names. */
  index?: { name: string; partitionKey: string; sortKey: string };
  /** The table's own key attributes (an index's cursor must carry them too); pk/sk unless the table differs. */
  tableKeys?: readonly [string, string];
  /** Partition ids the caller may read (e.g. the patient registrations linked to an account) and their key values. */
  partitions: ReadonlyArray<{ id: string; pk: string }>;
  /** Sort-key prefix of the list (e.g. 'DOC#'); cursors outside it are refused. */
  skPrefix: string;
  limit: number;
  cursor?: string;
  /** Only sort keys within [low, high] (both within skPrefix): a date window on lists sorted by date. */
  range?: { low: string; high: string };
  filter?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
}

const TABLE_KEYS = ['pk', 'sk'];

function decode(cursor: string | undefined, q: MergedQuery, pkName: string, skName: string, tableKeys: readonly string[]): MergeCursor {
  if (!cursor) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationError('The page cursor is not valid.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ValidationError('The page cursor is not valid.');
  const allowedNames = new Set([...tableKeys, pkName, skName]);
  for (const [id, key] of Object.entries(parsed)) {
    const partition = q.partitions.find((p) => p.id === id);
    if (!partition) throw new ValidationError('The page cursor does not belong to this list.');
    if (key === null) continue;
    if (!key || typeof key !== 'object') throw new ValidationError('The page cursor is not valid.');
    const entries = Object.entries(key as Record<string, unknown>);
    const wellFormed = entries.every(([name, value]) => allowedNames.has(name) && typeof value === 'string');
    const k = key as Key;
    const sk = k[skName];
    const inList = typeof sk === 'string' && sk.startsWith(q.skPrefix) && (!q.range || (sk >= q.range.low && sk <= q.range.high));
    // DynamoDB refuses a start key outside the key condition: a cursor of another filter is this caller's mistake.
    if (!wellFormed || k[pkName] !== partition.pk || !inList) {
      throw new ValidationError('The page cursor does not belong to this list.');
    }
  }
  return parsed as MergeCursor;
}

/**
 * One list, newest sort key first, merged from a Query per partition: no scan, and a page costs the same wherever
 * it is in the list. The opaque cursor remembers where each partition stopped and is checked to name only the
 * caller's partitions, so a crafted cursor can neither start a read elsewhere nor make DynamoDB fail.
 */
export async function mergedQuery(doc: DynamoDBDocumentClient, q: MergedQuery): Promise<Page<Record<string, unknown>>> {
  const pkName = q.index?.partitionKey ?? 'pk';
  const skName = q.index?.sortKey ?? 'sk';
  const tableKeys = q.tableKeys ?? TABLE_KEYS;
  const keyNames = [...new Set([...tableKeys, pkName, skName])];
  const cursor = decode(q.cursor, q, pkName, skName, tableKeys);
  const keyOf = (item: Record<string, unknown>): Key => Object.fromEntries(keyNames.map((n) => [n, String(item[n])]));

  const batches = await Promise.all(
    q.partitions
      .filter((p) => cursor[p.id] !== null)
      .map(async (partition) => {
        const after = cursor[partition.id];
        const out = await doc.send(
          new QueryCommand({
            TableName: q.table,
            ...(q.index ? { IndexName: q.index.name } : {}),
            ...keyCondition(q, pkName, skName, partition.pk),
            ...(q.filter ? { FilterExpression: q.filter.expression } : {}),
            ScanIndexForward: false,
            Limit: q.limit,
            ...(after ? { ExclusiveStartKey: after } : {}),
          }),
        );
        return {
          id: partition.id,
          items: (out.Items ?? []) as Array<Record<string, unknown>>,
          // Where DynamoDB stopped reading, which with a filter can be past the last item it returned.
          lastRead: out.LastEvaluatedKey as Key | undefined,
        };
      }),
  );
  const merged = batches
    .flatMap((b) => b.items.map((item) => ({ id: b.id, sort: String(item[skName]), item })))
    .sort((a, b) => (a.sort < b.sort ? 1 : a.sort > b.sort ? -1 : a.id < b.id ? 1 : -1))
    .slice(0, q.limit);

  const next: MergeCursor = { ...cursor };
  for (const batch of batches) {
    const taken = merged.filter((m) => m.id === batch.id);
    if (taken.length === batch.items.length) {
      // Everything this partition returned was used: continue where DynamoDB stopped, or it is exhausted.
      next[batch.id] = batch.lastRead ?? null;
    } else if (taken.length > 0) {
      next[batch.id] = keyOf(taken.at(-1)!.item);
    }
  }
  const done = q.partitions.every((p) => next[p.id] === null);
  return { items: merged.map((m) => m.item), nextCursor: done ? undefined : Buffer.from(JSON.stringify(next)).toString('base64url') };
}

/** The Query's key condition: the partition, and the list's prefix or range of sort keys. */
function keyCondition(q: MergedQuery, pkName: string, skName: string, pk: string) {
  const names = { '#pk': pkName, ...q.filter?.names };
  const values = { ':pk': pk, ...q.filter?.values };
  if (q.range) {
    return {
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :low AND :high',
      ExpressionAttributeNames: { ...names, '#sk': skName },
      ExpressionAttributeValues: { ...values, ':low': q.range.low, ':high': q.range.high },
    };
  }
  // DynamoDB refuses an empty begins_with: a list that is a whole partition names the partition only.
  if (!q.skPrefix) return { KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: names, ExpressionAttributeValues: values };
  return {
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { ...names, '#sk': skName },
    ExpressionAttributeValues: { ...values, ':prefix': q.skPrefix },
  };
}

/** Removes the storage keys from an item. */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, type: _t, ttl: _ttl, ...rest } = item;
  return rest;
}
