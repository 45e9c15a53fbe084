import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../errors';
import type { DocumentRecord } from '../../domain/entities';
import { hasWindow, sortKeyBounds, type DateWindow } from '../../domain/record';
import type { Page } from '../../domain/schemas';
import { mergedQuery, withoutKeys } from './merged-query';
import type { PageRequest } from '../../ports/directory';
import type { DocumentIndex } from '../../ports/document-store';

export const recordsPk = (patientId: string) => `PATIENT#${patientId}`;
export const docSk = (d: Pick<DocumentRecord, 'date' | 'documentId'>) => `DOC#${d.date}#${d.documentId}`;

/**
 * Document metadata, one partition per patient registration, newest clinical date first. A patient linked to
 * several practices gets one list merged from a Query per registration: no scan, and a page costs the same
 * wherever it is in the list.
 */
export class DynamoDocumentIndex implements DocumentIndex {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private item(document: DocumentRecord) {
    // gsi1 finds a document by id alone; the caller's scope is checked on the item found.
    return { pk: recordsPk(document.patientId), sk: docSk(document), gsi1pk: `DOCUMENT#${document.documentId}`, gsi1sk: 'DOCUMENT', type: 'document', ...document };
  }

  /**
   * Stores a document. A corrected version supersedes its predecessor in the same transaction: the old item is
   * kept and marked, and exactly one upload can supersede a given version.
   */
  async put(document: DocumentRecord, supersedes?: DocumentRecord): Promise<void> {
    if (!supersedes) {
      await this.doc.send(new PutCommand({ TableName: this.table, Item: this.item(document), ConditionExpression: 'attribute_not_exists(pk)' }));
      return;
    }
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: this.item(document), ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Update: {
                TableName: this.table,
                Key: { pk: recordsPk(supersedes.patientId), sk: docSk(supersedes) },
                UpdateExpression: 'SET supersededBy = :new',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(supersededBy)',
                ExpressionAttributeValues: { ':new': document.documentId },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) throw new ConflictError('That document has already been replaced by a newer version.', 'already_superseded');
      throw error;
    }
  }

  async getForPatients(patientIds: readonly string[], documentId: string): Promise<DocumentRecord | undefined> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `DOCUMENT#${documentId}` },
        Limit: 1,
      }),
    );
    const item = out.Items?.[0];
    if (!item || !patientIds.includes(item.patientId as string)) return undefined;
    return withoutKeys(item) as unknown as DocumentRecord;
  }

  async listForPatients(patientIds: readonly string[], page: PageRequest, window?: DateWindow): Promise<Page<DocumentRecord>> {
    const result = await mergedQuery(this.doc, {
      table: this.table,
      partitions: patientIds.map((id) => ({ id, pk: recordsPk(id) })),
      skPrefix: 'DOC#',
      ...(hasWindow(window) ? { range: sortKeyBounds('DOC#', window) } : {}),
      limit: page.limit,
      cursor: page.cursor,
      // Superseded versions stay stored and reachable by id; the list shows the current ones.
      filter: { expression: 'attribute_not_exists(supersededBy)' },
    });
    return { items: result.items.map((item) => withoutKeys(item) as unknown as DocumentRecord), nextCursor: result.nextCursor };
  }
}
