import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { chainOf, GENESIS_HASH, hashEvent, type AuditEvent, type AuditEventInput } from '../../domain/audit';
import { hasWindow, sortKeyBounds, type DateWindow } from '../../domain/record';
import type { Page } from '../../domain/schemas';
import type { AuditLog, ChainAnchor, PracticeAuditFilter } from '../../ports/audit-log';
import type { PageRequest } from '../../ports/directory';
import { decodeCursor, encodeCursor } from './cursor';
import { mergedQuery } from './merged-query';
import type { Clock } from '../../ports/clock';

const SEQ_WIDTH = 12;
const MAX_ATTEMPTS = 10;

/** Markers are spread over this many partitions, so that a busy hour does not make one hot partition. */
const SHARDS = 16;

type Item = Omit<AuditEvent, 'seq'> & { seq: string; gsi1pk?: string; gsi1sk?: string; atSeq?: string };

function toEvent(item: Record<string, unknown>): AuditEvent {
  const { seq, gsi1pk: _a, gsi1sk: _b, atSeq: _c, ...rest } = item as Item;
  return { ...rest, seq: Number(seq) } as AuditEvent;
}

const shardOf = (chain: string) => parseInt(createHash('sha256').update(chain).digest('hex').slice(0, 4), 16) % SHARDS;
const pad = (seq: number) => String(seq).padStart(SEQ_WIDTH, '0');

/**
 * Audit log on its own table. Appending reads the chain's head and writes the next sequence slot with a
 * condition that the slot is empty: a concurrent append loses the race, re-reads the head and retries, so
 * events are never overwritten and the Lambda role needs only PutItem and Query.
 */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
  ) {}

  async append(input: AuditEventInput): Promise<AuditEvent> {
    const chain = chainOf(input);
    for (let attempt = 1; ; attempt++) {
      const head = await this.head(chain);
      const base = {
        ...input,
        eventId: randomUUID(),
        chain,
        seq: (head?.seq ?? 0) + 1,
        at: this.clock.now().toISOString(),
        prevHash: head?.hash ?? GENESIS_HASH,
      };
      const event: AuditEvent = { ...base, hash: hashEvent(base) };
      const practiceId = input.practiceId ?? input.actor.practiceId;
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: {
              ...event,
              seq: pad(event.seq),
              atSeq: `${event.at}#${pad(event.seq)}`,
              ...(practiceId ? { gsi1pk: `PRACTICE#${practiceId}`, gsi1sk: `${event.at}#${event.eventId}` } : {}),
            },
            ConditionExpression: 'attribute_not_exists(chain)',
          }),
        );
        await this.mark(event);
        return event;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  }

  async readChain(chain: string): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'chain = :c',
          ExpressionAttributeValues: { ':c': chain },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      events.push(...(out.Items ?? []).map(toEvent));
      start = out.LastEvaluatedKey;
    } while (start);
    return events;
  }

  /**
   * Bookkeeping for the digests, in partitions of their own (never events, never in a chain): the chain is
   * registered once, and marked as changed in this hour. Plain puts that may overwrite each other: they carry
   * no history, only names of chains.
   */
  private async mark(event: AuditEvent): Promise<void> {
    const shard = shardOf(event.chain);
    const writes = [this.doc.send(new PutCommand({ TableName: this.table, Item: { chain: `ACTIVE#${event.at.slice(0, 13)}#${shard}`, seq: event.chain } }))];
    if (event.seq === 1) writes.push(this.doc.send(new PutCommand({ TableName: this.table, Item: { chain: `CHAINS#${shard}`, seq: event.chain } })));
    await Promise.all(writes);
  }

  async listActivity(chains: readonly string[], window: DateWindow | undefined, page: PageRequest): Promise<Page<AuditEvent>> {
    const result = await mergedQuery(this.doc, {
      table: this.table,
      index: { name: 'byTime', partitionKey: 'chain', sortKey: 'atSeq' },
      tableKeys: ['chain', 'seq'],
      partitions: chains.map((chain) => ({ id: chain, pk: chain })),
      skPrefix: '',
      ...(hasWindow(window) ? { range: sortKeyBounds('', window) } : {}),
      limit: page.limit,
      cursor: page.cursor,
    });
    return { items: result.items.map(toEvent), nextCursor: result.nextCursor };
  }

  async listPractice(practiceId: string, range: { from?: string; to?: string }, order: 'asc' | 'desc', page: PageRequest, filter: PracticeAuditFilter = {}): Promise<Page<AuditEvent>> {
    const pk = `PRACTICE#${practiceId}`;
    const conditions: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    if (filter.actorId) {
      conditions.push('#actor.#id = :actor');
      Object.assign(names, { '#actor': 'actor', '#id': 'id' });
      values[':actor'] = filter.actorId;
    }
    if (filter.patientId) {
      conditions.push('patientId = :patient');
      values[':patient'] = filter.patientId;
    }
    if (filter.action) {
      conditions.push('begins_with(#action, :action)');
      names['#action'] = 'action';
      values[':action'] = filter.action;
    }
    if (filter.outcome) {
      conditions.push('outcome = :outcome');
      values[':outcome'] = filter.outcome;
    }
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byPractice',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': range.from ?? '0000', ':to': `${range.to ?? '9999'}~`, ...values },
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
        ScanIndexForward: order === 'asc',
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor, { gsi1pk: pk }),
      }),
    );
    return { items: (out.Items ?? []).map(toEvent), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async changedChains(hour: string): Promise<string[]> {
    const chains = await Promise.all(Array.from({ length: SHARDS }, (_, shard) => this.allSortKeys(`ACTIVE#${hour}#${shard}`)));
    return chains.flat().sort();
  }

  async listChains(page: PageRequest): Promise<Page<string>> {
    // The cursor is the shard and the key to continue after in it.
    let state: { shard: number; after?: Record<string, unknown> } = { shard: 0 };
    if (page.cursor) {
      try {
        state = JSON.parse(Buffer.from(page.cursor, 'base64url').toString('utf8')) as typeof state;
      } catch {
        state = { shard: SHARDS };
      }
    }
    for (let shard = state.shard; shard < SHARDS; shard++) {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'chain = :c',
          ExpressionAttributeValues: { ':c': `CHAINS#${shard}` },
          Limit: page.limit,
          ...(shard === state.shard && state.after ? { ExclusiveStartKey: state.after } : {}),
        }),
      );
      const items = (out.Items ?? []).map((i) => i.seq as string);
      if (items.length || out.LastEvaluatedKey) {
        const next = out.LastEvaluatedKey ? { shard, after: out.LastEvaluatedKey } : shard + 1 < SHARDS ? { shard: shard + 1 } : undefined;
        return { items, nextCursor: next ? Buffer.from(JSON.stringify(next)).toString('base64url') : undefined };
      }
    }
    return { items: [] };
  }

  async putAnchor(anchor: ChainAnchor): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...anchor, chain: `ANCHOR#${anchor.chain}`, seq: anchor.period, anchoredChain: anchor.chain, headSeq: anchor.seq } }));
  }

  async latestAnchor(chain: string): Promise<ChainAnchor | undefined> {
    const out = await this.doc.send(
      new QueryCommand({ TableName: this.table, KeyConditionExpression: 'chain = :c', ExpressionAttributeValues: { ':c': `ANCHOR#${chain}` }, ScanIndexForward: false, Limit: 1 }),
    );
    const item = out.Items?.[0];
    if (!item) return undefined;
    return { chain, period: item.period as string, seq: Number(item.headSeq), hash: item.hash as string, digestKey: item.digestKey as string, digestSha256: item.digestSha256 as string, publishedAt: item.publishedAt as string };
  }

  private async allSortKeys(partition: string): Promise<string[]> {
    const keys: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(new QueryCommand({ TableName: this.table, KeyConditionExpression: 'chain = :c', ExpressionAttributeValues: { ':c': partition }, ExclusiveStartKey: start }));
      keys.push(...(out.Items ?? []).map((i) => i.seq as string));
      start = out.LastEvaluatedKey;
    } while (start);
    return keys;
  }

  async head(chain: string): Promise<AuditEvent | undefined> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'chain = :c',
        ExpressionAttributeValues: { ':c': chain },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return out.Items?.[0] ? toEvent(out.Items[0]) : undefined;
  }
}
