import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chainOf, GENESIS_HASH, hashEvent, type AuditEvent, type AuditEventInput } from '../../domain/audit';
import type { AuditLog } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';

const SEQ_WIDTH = 12;
const MAX_ATTEMPTS = 10;

type Item = Omit<AuditEvent, 'seq'> & { seq: string; gsi1pk?: string; gsi1sk?: string };

function toEvent(item: Record<string, unknown>): AuditEvent {
  const { seq, gsi1pk: _a, gsi1sk: _b, ...rest } = item as Item;
  return { ...rest, seq: Number(seq) } as AuditEvent;
}

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
              seq: String(event.seq).padStart(SEQ_WIDTH, '0'),
              ...(practiceId ? { gsi1pk: `PRACTICE#${practiceId}`, gsi1sk: `${event.at}#${event.eventId}` } : {}),
            },
            ConditionExpression: 'attribute_not_exists(chain)',
          }),
        );
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

  private async head(chain: string): Promise<AuditEvent | undefined> {
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
