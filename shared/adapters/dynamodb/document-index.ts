import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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

  async put(document: DocumentRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: recordsPk(document.patientId), sk: docSk(document), type: 'document', ...document },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
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
        const { pk: _pk, sk: _sk, type: _t, ...rest } = item;
        return rest as unknown as DocumentRecord;
      }),
      nextCursor: done ? undefined : Buffer.from(JSON.stringify(next)).toString('base64url'),
    };
  }
}
