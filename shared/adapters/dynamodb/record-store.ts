import { createHash } from 'node:crypto';
import { BatchGetCommand, BatchWriteCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RecordItem } from '../../domain/record';
import { clinicalDate, hasWindow, sortKeyBounds, type DateWindow } from '../../domain/record';
import type { Page } from '../../domain/schemas';
import type { DataClass, ExtractedResource, FhirResource } from '../../ingest/types';
import type { PageRequest } from '../../ports/directory';
import type { RecordStore } from '../../ports/record-store';
import { mergedQuery, withoutKeys } from './merged-query';

/** DynamoDB items stop at 400 KB; a resource larger than this keeps its text and points to its document for the rest. */
const MAX_RESOURCE_BYTES = 300 * 1024;

export const itemKeyOf = (dedupeKey: string) => createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32);
export const recordItemKey = (patientId: string, dataClass: DataClass, itemKey: string) => ({ pk: `RECORD#${patientId}`, sk: `ITEM#${dataClass}#${itemKey}` });
const classPk = (patientId: string, dataClass: DataClass) => `RECORD#${patientId}#${dataClass}`;

function fromStored(item: Record<string, unknown>): RecordItem {
  const rest = withoutKeys(item) as Record<string, unknown>;
  return { ...rest, resource: JSON.parse(rest.resource as string) } as unknown as RecordItem;
}

/** Inline attachment data (base64 notes, embedded PDFs) is what makes resources huge; the original document keeps it. */
function compact(resource: FhirResource): string {
  const json = JSON.stringify(resource);
  if (Buffer.byteLength(json) <= MAX_RESOURCE_BYTES) return json;
  return JSON.stringify(resource, (k, v) => (k === 'data' && typeof v === 'string' ? undefined : v));
}

async function withRetries<T>(attempt: () => Promise<T | undefined>, what: string): Promise<void> {
  for (let i = 0; i < 8; i++) {
    if ((await attempt()) === undefined) return;
    await new Promise((r) => setTimeout(r, 25 * 2 ** i));
  }
  throw new Error(`DynamoDB left ${what} unprocessed after retries`);
}

/**
 * Structured record items: the base key is the item's identity (class + dedupe hash), so the same fact uploaded
 * again lands on the same item; gsi1 orders each class by clinical date for the patient's pages.
 */
export class DynamoRecordStore implements RecordStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async merge(patientId: string, practiceId: string, documentId: string, resources: readonly ExtractedResource[], now: Date) {
    let added = 0;
    let known = 0;
    const unique = new Map(resources.map((r) => [`${r.dataClass}#${itemKeyOf(r.dedupeKey)}`, r]));
    const all = [...unique.values()];
    for (let i = 0; i < all.length; i += 100) {
      const chunk = all.slice(i, i + 100);
      const keys = chunk.map((r) => recordItemKey(patientId, r.dataClass, itemKeyOf(r.dedupeKey)));
      const existing = new Map<string, { sources: string[]; amendedBy?: string[] }>();
      let pending: Array<Record<string, string>> | undefined = keys;
      await withRetries(async () => {
        const out = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending!, ProjectionExpression: 'sk, sources, amendedBy' } } }));
        for (const item of out.Responses?.[this.table] ?? []) {
          existing.set(item.sk as string, { sources: (item.sources as string[]) ?? [], ...(item.amendedBy ? { amendedBy: item.amendedBy as string[] } : {}) });
        }
        pending = out.UnprocessedKeys?.[this.table]?.Keys as Array<Record<string, string>> | undefined;
        return pending?.length ? pending : undefined;
      }, 'record reads');

      const items = chunk.map((r) => {
        const itemKey = itemKeyOf(r.dedupeKey);
        const k = recordItemKey(patientId, r.dataClass, itemKey);
        const previous = existing.get(k.sk);
        if (previous) known++;
        else added++;
        const date = clinicalDate(r.resource);
        return {
          ...k,
          gsi1pk: classPk(patientId, r.dataClass),
          gsi1sk: `${date ?? '0000-00-00'}#${itemKey}`,
          type: 'record-item',
          patientId,
          practiceId,
          dataClass: r.dataClass,
          itemKey,
          ...(date ? { date } : {}),
          // A string, not a map: FHIR nests deeper than DynamoDB's 32 levels allow.
          resource: compact(r.resource),
          sources: [...new Set([...(previous?.sources ?? []), documentId])],
          // An accepted correction stays linked when the same fact arrives again.
          ...(previous?.amendedBy ? { amendedBy: previous.amendedBy } : {}),
          updatedAt: now.toISOString(),
        };
      });
      for (let j = 0; j < items.length; j += 25) {
        let requests: Array<Record<string, unknown>> | undefined = items.slice(j, j + 25).map((Item) => ({ PutRequest: { Item } }));
        await withRetries(async () => {
          const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests as never } }));
          requests = out.UnprocessedItems?.[this.table] as Array<Record<string, unknown>> | undefined;
          return requests?.length ? requests : undefined;
        }, 'record writes');
      }
    }
    return { added, known };
  }

  async get(patientId: string, dataClass: DataClass, itemKey: string): Promise<RecordItem | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: recordItemKey(patientId, dataClass, itemKey), ConsistentRead: true }));
    return out.Item ? fromStored(out.Item) : undefined;
  }

  async list(patientIds: readonly string[], dataClass: DataClass, page: PageRequest, window?: DateWindow): Promise<Page<RecordItem>> {
    const result = await mergedQuery(this.doc, {
      table: this.table,
      index: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
      partitions: patientIds.map((id) => ({ id, pk: classPk(id, dataClass) })),
      skPrefix: '',
      ...(hasWindow(window) ? { range: sortKeyBounds('', window) } : {}),
      limit: page.limit,
      cursor: page.cursor,
    });
    return {
      items: result.items.map(fromStored),
      nextCursor: result.nextCursor,
    };
  }
}
