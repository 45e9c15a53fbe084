import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { DynamoDocumentIndex } from '../../shared/adapters/dynamodb/document-index';
import type { DocumentRecord } from '../../shared/domain/entities';
import { TABLES } from '../../shared/platform/resources';
import { StackClient } from '../support/stack-client';

const { url, ports } = inject('stack');
const api = new StackClient(url, ports);
const index = () => new DynamoDocumentIndex(api.doc, TABLES.main.localName);

function doc(patientId: string, date: string, extra: Partial<DocumentRecord> = {}): DocumentRecord {
  return {
    documentId: randomUUID(),
    patientId,
    practiceId: 'p',
    title: `doc ${date}`,
    kind: 'pdf',
    contentType: 'application/pdf',
    size: 1,
    sha256: '0'.repeat(64),
    date,
    objectKey: 'k',
    createdAt: date,
    createdBy: 't',
    ...extra,
  };
}

async function pageThrough(patientIds: string[], limit: number) {
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await index().listForPatients(patientIds, { limit, cursor });
    seen.push(...page.items.map((d) => d.date));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return { seen, pages };
}

describe('a list merged across a patient’s practices (DynamoDB Local)', () => {
  it('pages newest first across two registrations without repeating or losing a document', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const dates = ['2026-01-05', '2026-03-01', '2025-12-24', '2026-02-10', '2026-01-20', '2025-11-30', '2026-02-28'];
    for (const [i, date] of dates.entries()) await index().put(doc(i % 2 ? a : b, date));

    const { seen, pages } = await pageThrough([a, b], 3);

    expect(seen).toEqual([...dates].sort().reverse());
    expect(pages).toBe(3);
  });

  it('ends even when a whole page of one registration is hidden (superseded versions)', async () => {
    const patient = randomUUID();
    for (const date of ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04']) await index().put(doc(patient, date, { supersededBy: 'newer' }));
    for (const date of ['2026-04-01', '2026-04-02']) await index().put(doc(patient, date));

    const { seen, pages } = await pageThrough([patient], 2);

    expect(seen).toEqual(['2026-04-02', '2026-04-01']);
    expect(pages).toBeLessThan(50);
  });
});
