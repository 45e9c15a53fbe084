import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Page } from '../../domain/schemas';
import { MAX_CODE_FAILURES, type Transmission, type TransmissionEvent } from '../../domain/transmissions';
import type { PageRequest } from '../../ports/directory';
import type { Disclosure, IdempotencyClaim, TransmissionStore } from '../../ports/transmission-store';
import { decodeCursor, encodeCursor } from './cursor';
import { recordsPk } from './document-index';
import { mergedQuery, withoutKeys } from './merged-query';

const accountPk = (accountId: string) => `ACCOUNT#${accountId}`;
const key = (accountId: string, transmissionId: string) => ({ pk: accountPk(accountId), sk: `TX#${transmissionId}` });
const claimKey = (accountId: string, idempotencyKey: string) => ({ pk: accountPk(accountId), sk: `TXKEY#${idempotencyKey}` });
/** Idempotency keys are remembered for a day: long enough for any client retry. */
const CLAIM_TTL_SECONDS = 86_400;
/** Enough for every step of a busy transmission; opens past it are not recorded (the count of downloads still is). */
const MAX_EVENTS = 300;

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

/**
 * Transmissions live under the account that made them (pk ACCOUNT#, sk TX#<time-ordered id>); gsi1 finds one by
 * the hash of its link token. Each registration it draws on gets a reference (pk PATIENT#, sk TXREF#<id>) for the
 * practice's staff, and a disclosure entry (sk DISCLOSURE#<time>#<id>) for the accounting of disclosures, written
 * in the same transaction.
 */
export class DynamoTransmissionStore implements TransmissionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async claim(accountId: string, idempotencyKey: string, claim: { transmissionId: string; requestHash: string; accessCode?: string; claimedAt: string; expiresAt: string }): Promise<IdempotencyClaim> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...claimKey(accountId, idempotencyKey), type: 'transmission-claim', ttl: Math.floor(Date.parse(claim.claimedAt) / 1000) + CLAIM_TTL_SECONDS, ...claim },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: claimKey(accountId, idempotencyKey), ConsistentRead: true }));
    const item = out.Item!;
    return { claimed: false, transmissionId: item.transmissionId, requestHash: item.requestHash, claimedAt: item.claimedAt, ...(item.accessCode ? { accessCode: item.accessCode } : {}) };
  }

  async reclaim(accountId: string, idempotencyKey: string, previousTransmissionId: string, claim: { transmissionId: string; requestHash: string; accessCode?: string; claimedAt: string; expiresAt: string }): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...claimKey(accountId, idempotencyKey), type: 'transmission-claim', ttl: Math.floor(Date.parse(claim.claimedAt) / 1000) + CLAIM_TTL_SECONDS, ...claim },
          ConditionExpression: 'transmissionId = :previous',
          ExpressionAttributeValues: { ':previous': previousTransmissionId },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async create(t: Transmission, disclosures: readonly Disclosure[]): Promise<void> {
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: { ...key(t.accountId, t.transmissionId), gsi1pk: `TXLINK#${t.tokenHash}`, gsi1sk: 'TX', type: 'transmission', ...t },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...t.registrations.map((r) => ({
            Put: {
              TableName: this.table,
              Item: { pk: recordsPk(r.patientId), sk: `TXREF#${t.transmissionId}`, type: 'transmission-ref', accountId: t.accountId, transmissionId: t.transmissionId, practiceId: r.practiceId },
            },
          })),
          ...disclosures.map((d) => ({
            Put: { TableName: this.table, Item: { pk: recordsPk(d.patientId), sk: `DISCLOSURE#${d.at}#${d.transmissionId}`, type: 'disclosure', ...d } },
          })),
        ],
      }),
    );
  }

  async get(accountId: string, transmissionId: string): Promise<Transmission | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: key(accountId, transmissionId), ConsistentRead: true }));
    return out.Item ? (withoutKeys(out.Item) as unknown as Transmission) : undefined;
  }

  async byTokenHash(tokenHash: string): Promise<Transmission | undefined> {
    const out = await this.doc.send(
      new QueryCommand({ TableName: this.table, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `TXLINK#${tokenHash}` }, Limit: 1 }),
    );
    const found = out.Items?.[0];
    // The index is eventually consistent and projects a copy: read the item itself for the current counters.
    return found ? this.get(found.accountId as string, found.transmissionId as string) : undefined;
  }

  async listForAccount(accountId: string, page: PageRequest): Promise<Page<Transmission>> {
    const pk = accountPk(accountId);
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': 'TX#' },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor, { pk }),
      }),
    );
    return { items: (out.Items ?? []).map((i) => withoutKeys(i) as unknown as Transmission), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async listForPatient(patientId: string, page: PageRequest): Promise<Page<Transmission>> {
    const pk = recordsPk(patientId);
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': 'TXREF#' },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor, { pk }),
      }),
    );
    const refs = out.Items ?? [];
    if (!refs.length) return { items: [], nextCursor: encodeCursor(out.LastEvaluatedKey) };
    const got = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: refs.map((r) => key(r.accountId as string, r.transmissionId as string)) } } }));
    const byId = new Map((got.Responses?.[this.table] ?? []).map((i) => [i.transmissionId as string, withoutKeys(i) as unknown as Transmission]));
    return { items: refs.map((r) => byId.get(r.transmissionId as string)).filter((t): t is Transmission => t !== undefined), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async appendEvent(t: Transmission, event: TransmissionEvent): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(t.accountId, t.transmissionId),
          UpdateExpression: 'SET events = list_append(events, :event)',
          ConditionExpression: 'size(events) < :max',
          ExpressionAttributeValues: { ':event': [event], ':max': MAX_EVENTS },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async recordCodeFailure(t: Transmission, event: TransmissionEvent): Promise<number> {
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: key(t.accountId, t.transmissionId),
        UpdateExpression: 'ADD codeFailures :one SET events = list_append(events, :event)',
        ExpressionAttributeValues: { ':one': 1, ':event': [event] },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.codeFailures ?? MAX_CODE_FAILURES);
  }

  async addSession(t: Transmission, session: { hash: string; expiresAt: string }, event: TransmissionEvent, now: Date): Promise<boolean> {
    // Sessions that have ended are dropped as a new one is added, so the list stays short.
    const live = t.sessions.filter((s) => Date.parse(s.expiresAt) > now.getTime()).slice(-9);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(t.accountId, t.transmissionId),
          UpdateExpression: 'SET sessions = :sessions, events = list_append(events, :event)',
          ConditionExpression: 'attribute_not_exists(revokedAt) AND codeFailures < :maxFailures AND expiresAt > :now AND downloadsUsed < maxDownloads',
          ExpressionAttributeValues: { ':sessions': [...live, session], ':event': [event], ':maxFailures': MAX_CODE_FAILURES, ':now': now.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async useDownload(t: Transmission, event: TransmissionEvent, now: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(t.accountId, t.transmissionId),
          UpdateExpression: 'ADD downloadsUsed :one SET events = list_append(events, :event)',
          ConditionExpression: 'attribute_not_exists(revokedAt) AND downloadsUsed < maxDownloads AND expiresAt > :now',
          ExpressionAttributeValues: { ':one': 1, ':event': [event], ':now': now.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async revoke(t: Transmission, at: string): Promise<boolean> {
    return this.setOnce(t, 'revokedAt', at, { kind: 'revoked', at });
  }

  async confirm(t: Transmission, at: string): Promise<boolean> {
    return this.setOnce(t, 'confirmedAt', at, { kind: 'confirmed', at });
  }

  private async setOnce(t: Transmission, attribute: 'revokedAt' | 'confirmedAt', at: string, event: TransmissionEvent): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(t.accountId, t.transmissionId),
          UpdateExpression: 'SET #a = :at, events = list_append(events, :event)',
          ConditionExpression: 'attribute_not_exists(#a)',
          ExpressionAttributeNames: { '#a': attribute },
          ExpressionAttributeValues: { ':at': at, ':event': [event] },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async listDisclosures(patientIds: readonly string[], page: PageRequest): Promise<Page<Disclosure>> {
    const result = await mergedQuery(this.doc, {
      table: this.table,
      partitions: patientIds.map((id) => ({ id, pk: recordsPk(id) })),
      skPrefix: 'DISCLOSURE#',
      limit: page.limit,
      cursor: page.cursor,
    });
    return { items: result.items.map((i) => withoutKeys(i) as unknown as Disclosure), nextCursor: result.nextCursor };
  }
}
