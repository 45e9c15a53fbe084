import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isOpen, type CorrectionRequest } from '../../domain/corrections';
import type { Page } from '../../domain/schemas';
import type { CorrectionStore } from '../../ports/correction-store';
import type { PageRequest } from '../../ports/directory';
import { decodeCursor, encodeCursor } from './cursor';
import { docSk, recordsPk } from './document-index';
import { mergedQuery, withoutKeys } from './merged-query';
import { recordItemKey } from './record-store';

const key = (r: Pick<CorrectionRequest, 'patientId' | 'requestId'>) => ({ pk: recordsPk(r.patientId), sk: `CORR#${r.requestId}` });
const queuePk = (practiceId: string, status: 'open' | 'closed') => `CORRQ#${practiceId}#${status}`;

/**
 * Correction requests live in the patient registration's partition beside its documents (sk CORR#<id>, ids sort
 * by receipt), so a patient's list is the same merged Query as their documents. gsi1 is the practice's queue:
 * open requests keyed by due date (soonest first), closed ones by last change (newest first). A request moves
 * between the two with the write that decides or withdraws it.
 */
export class DynamoCorrectionStore implements CorrectionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private item(r: CorrectionRequest) {
    const open = isOpen(r);
    return {
      ...key(r),
      gsi1pk: queuePk(r.practiceId, open ? 'open' : 'closed'),
      gsi1sk: `${open ? r.dueAt : r.updatedAt}#${r.requestId}`,
      type: 'correction',
      ...r,
    };
  }

  async create(request: CorrectionRequest): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: this.item(request), ConditionExpression: 'attribute_not_exists(pk)' }));
  }

  async get(patientId: string, requestId: string): Promise<CorrectionRequest | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: key({ patientId, requestId }), ConsistentRead: true }));
    return out.Item ? (withoutKeys(out.Item) as unknown as CorrectionRequest) : undefined;
  }

  async listForPatients(patientIds: readonly string[], page: PageRequest): Promise<Page<CorrectionRequest>> {
    const result = await mergedQuery(this.doc, {
      table: this.table,
      partitions: patientIds.map((id) => ({ id, pk: recordsPk(id) })),
      skPrefix: 'CORR#',
      limit: page.limit,
      cursor: page.cursor,
    });
    return { items: result.items.map((i) => withoutKeys(i) as unknown as CorrectionRequest), nextCursor: result.nextCursor };
  }

  async listForPractice(practiceId: string, status: 'open' | 'closed', page: PageRequest): Promise<Page<CorrectionRequest>> {
    const pk = queuePk(practiceId, status);
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: status === 'open',
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor, { gsi1pk: pk }),
      }),
    );
    return { items: (out.Items ?? []).map((i) => withoutKeys(i) as unknown as CorrectionRequest), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async save(next: CorrectionRequest, expectedVersion: number, options: { markTarget?: boolean } = {}): Promise<boolean> {
    const put = {
      TableName: this.table,
      Item: this.item(next),
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': expectedVersion },
    };
    const mark = options.markTarget ? await this.targetKey(next) : undefined;
    try {
      if (!mark) {
        await this.doc.send(new PutCommand(put));
      } else {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: put },
              {
                Update: {
                  TableName: this.table,
                  Key: mark,
                  UpdateExpression: 'SET amendedBy = list_append(if_not_exists(amendedBy, :none), :request)',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeValues: { ':none': [], ':request': [next.requestId] },
                },
              },
            ],
          }),
        );
      }
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }

  /** The storage key of the document or record item a request is about (none for a general request). */
  private async targetKey(r: CorrectionRequest): Promise<Record<string, string> | undefined> {
    switch (r.target.kind) {
      case 'item':
        return recordItemKey(r.patientId, r.target.dataClass, r.target.itemKey);
      case 'document': {
        const out = await this.doc.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': `DOCUMENT#${r.target.documentId}` },
            Limit: 1,
          }),
        );
        const document = out.Items?.[0];
        if (!document || document.patientId !== r.patientId) return undefined;
        return { pk: recordsPk(r.patientId), sk: docSk({ date: document.date as string, documentId: r.target.documentId }) };
      }
      default:
        return undefined;
    }
  }
}
