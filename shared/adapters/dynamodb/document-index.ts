import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../errors';
import type { DocumentRecord } from '../../domain/entities';
import type { Page } from '../../domain/schemas';
import { ValidationError } from '../../errors';
import type { PageRequest } from '../../ports/directory';
import type { DocumentIndex } from '../../ports/document-store';

const recordsPk = (patientId: string) => `PATIENT#${patientId}`;
const docSk = (d: Pick<DocumentRecord, 'date' | 'documentId'>) => `DOC#${d.date}#${d.documentId}`;

/** Per-patient continuation: the last sort key handed out, or null once that patient's list is exhausted. */
type MergeCursor = Record<string, string | null>;

function decodeMergeCursor(cursor: string | undefined, patientIds: readonly string[]): MergeCursor {
  if (!cursor) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationError('The page cursor is not valid.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ValidationError('The page cursor is not valid.');
  for (const [id, sk] of Object.entries(parsed)) {
    if (!patientIds.includes(id)) throw new ValidationError('The page cursor does not belong to this list.');
    if (sk !== null && (typeof sk !== 'string' || !sk.startsWith('DOC#'))) throw new ValidationError('The page cursor is not valid.');
  }
  return parsed as MergeCursor;
}

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
    const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, type: _t, ...rest } = item;
    return rest as unknown as DocumentRecord;
  }

  async listForPatients(patientIds: readonly string[], page: PageRequest): Promise<Page<DocumentRecord>> {
    const cursor = decodeMergeCursor(page.cursor, patientIds);
    const active = patientIds.filter((id) => cursor[id] !== null);
    const batches = await Promise.all(
      active.map(async (patientId) => {
        const after = cursor[patientId];
        const out = await this.doc.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :doc)',
            ExpressionAttributeValues: { ':pk': recordsPk(patientId), ':doc': 'DOC#' },
            // Superseded versions stay stored and reachable by id; the list shows the current ones.
            FilterExpression: 'attribute_not_exists(supersededBy)',
            ScanIndexForward: false,
            Limit: page.limit,
            ...(after ? { ExclusiveStartKey: { pk: recordsPk(patientId), sk: after } } : {}),
          }),
        );
        return { patientId, items: (out.Items ?? []) as Array<Record<string, unknown>>, more: Boolean(out.LastEvaluatedKey) };
      }),
    );
    const merged = batches
      .flatMap((b) => b.items.map((item) => ({ patientId: b.patientId, sk: item.sk as string, item })))
      .sort((a, b) => (a.sk < b.sk ? 1 : a.sk > b.sk ? -1 : a.patientId < b.patientId ? 1 : -1))
      .slice(0, page.limit);

    const next: MergeCursor = { ...cursor };
    for (const batch of batches) {
      const taken = merged.filter((m) => m.patientId === batch.patientId);
      const exhausted = !batch.more && taken.length === batch.items.length;
      next[batch.patientId] = exhausted ? null : (taken.at(-1)?.sk ?? cursor[batch.patientId] ?? '');
      if (next[batch.patientId] === '') delete next[batch.patientId];
    }
    const done = patientIds.every((id) => next[id] === null);
    return {
      items: merged.map(({ item }) => {
        const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, type: _t, ...rest } = item;
        return rest as unknown as DocumentRecord;
      }),
      nextCursor: done ? undefined : Buffer.from(JSON.stringify(next)).toString('base64url'),
    };
  }
}
