/** Export inputs built in memory: the demo generator's FHIR bundle read through the real ingest, as the record keeps it. */
import { generateDemoRecords } from '../../../shared/demo/generate';
import { clinicalDate, type RecordItem } from '../../../shared/domain/record';
import type { ExportInput } from '../../../shared/exports/model';
import { ingestFile } from '../../../shared/ingest/ingest';
import { createHash } from 'node:crypto';

export const PATIENT = { givenName: 'Iris', familyName: 'Vale', birthDate: '1971-10-09', gender: 'female' as const, mrn: 'EX-1' };
export const PRACTICE = {
  name: 'Export Practice',
  phone: '(555) 010-0003',
  address: { line: '4 Main St', city: 'Springfield', state: 'IL', postalCode: '62701' },
  clinician: { givenName: 'Ana', familyName: 'Cole', npi: '1234567893' },
};

export async function demoItems(patientId = 'patient-1', practiceId = 'practice-1'): Promise<RecordItem[]> {
  const bundle = (await generateDemoRecords(PATIENT, PRACTICE, { seed: 'export' })).find((d) => d.kind === 'fhir')!;
  const result = await ingestFile(bundle.bytes, { documentId: 'doc-1' });
  return result.resources.map((r) => {
    const date = clinicalDate(r.resource);
    return {
      patientId,
      practiceId,
      dataClass: r.dataClass,
      itemKey: createHash('sha256').update(r.dedupeKey).digest('hex').slice(0, 32),
      ...(date ? { date } : {}),
      resource: r.resource,
      sources: ['doc-1'],
      updatedAt: '2026-11-22T12:00:00.000Z',
    };
  });
}

export async function demoInput(overrides: Partial<ExportInput> = {}): Promise<ExportInput> {
  return {
    generatedAt: '2026-11-22T12:00:00.000Z',
    registrations: [{ patientId: 'patient-1', practiceId: 'practice-1', practiceName: 'Export Practice', givenName: 'Iris', familyName: 'Vale', birthDate: '1971-10-09' }],
    items: await demoItems(),
    ...overrides,
  };
}

export const countOf = (items: readonly RecordItem[], dataClass: string, type?: string) => items.filter((i) => i.dataClass === dataClass && (!type || i.resource.resourceType === type)).length;
