/**
 * The project's own demo records through the pipeline: runs everywhere, including a clone without ../shared/fixtures.
 * Expected counts come from the DemoHistory the records were rendered from.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DemoPatient, type DemoPractice, buildDemoHistory, generateDemoRecords } from '../../../shared/demo/generate';
import { ingestFile } from '../../../shared/ingest/ingest';
import { loadR4Definitions } from '../../../shared/ingest/r4-validator';
import type { IngestResult } from '../../../shared/ingest/types';
import { MemoryRecordStore } from '../../support/memory';

const patient: DemoPatient = { givenName: 'Ana', familyName: 'Demo', birthDate: '1970-02-03', gender: 'female', mrn: 'MRN-1' };
const practice: DemoPractice = {
  name: 'Riverside Family Practice', phone: '555-0100', address: { line: '1 Main St', city: 'Springfield', state: 'MA', postalCode: '01101' },
  clinician: { givenName: 'Bo', familyName: 'Doc', npi: '1234567893' },
};
const options = { seed: 'ingest-test', visits: 5 };

const countByClass = (result: IngestResult) => {
  const counts: Record<string, number> = {};
  for (const item of result.resources) counts[item.dataClass] = (counts[item.dataClass] ?? 0) + 1;
  return counts;
};

const MAPPER_PRESENT = existsSync(resolve(import.meta.dirname, '../../../shared/ingest/ccda/map-ccda.ts'));

describe('demo records through ingestFile', () => {
  beforeAll(() => loadR4Definitions(), 60_000);

  it('reads the FHIR bundle into the classes of the history it was made from', async () => {
    // Prepare
    const docs = await generateDemoRecords(patient, practice, options);
    const fhir = docs.find((d) => d.kind === 'fhir')!;
    const h = buildDemoHistory(patient, practice, options);
    // Act
    const result = await ingestFile(fhir.bytes, { filename: fhir.filename, declaredType: fhir.contentType, documentId: 'demo-fhir' });
    // Assess
    expect(result.kind).toBe('fhir-json');
    const counts = countByClass(result);
    expect(counts.problems).toBe(h.conditions.length);
    expect(counts.medications).toBe(h.medications.length);
    expect(counts.allergies).toBe(h.allergies.length);
    expect(counts.encounters).toBe(h.encounters.length);
    expect(counts.immunizations).toBe(h.immunizations.length);
    expect(counts['lab-results']).toBe(h.labs.length + h.labReports.length);
    expect(counts['vital-signs']).toBe(h.vitals.length * 5);
    expect(counts.goals).toBe(h.goals.length);
    expect(counts.procedures).toBe(h.procedures.length);
    expect(result.facts.patient).toEqual({ givenName: 'Ana', familyName: 'Demo', birthDate: '1970-02-03' });
    expect(result.facts.date).toBe(fhir.date);
    expect(result.warnings).toEqual([]);
  });

  it('gives the same keys when the same demo bundle is uploaded as another document', async () => {
    // Prepare
    const fhir = (await generateDemoRecords(patient, practice, options)).find((d) => d.kind === 'fhir')!;
    // Act
    const first = await ingestFile(fhir.bytes, { documentId: 'demo-1' });
    const second = await ingestFile(fhir.bytes, { documentId: 'demo-2' });
    // Assess
    expect(second.resources.map((r) => r.dedupeKey)).toEqual(first.resources.map((r) => r.dedupeKey));
    expect(new Set(first.resources.map((r) => r.dedupeKey)).size).toBe(first.resources.length);
  });

  it('accepts both demo PDFs and reads their titles', async () => {
    // Prepare
    const pdfs = (await generateDemoRecords(patient, practice, options)).filter((d) => d.kind === 'pdf');
    // Act
    const results = await Promise.all(pdfs.map((d) => ingestFile(d.bytes, { filename: d.filename, declaredType: d.contentType, documentId: 'demo-pdf' })));
    // Assess
    expect(pdfs).toHaveLength(2);
    for (const result of results) expect(result).toMatchObject({ kind: 'pdf', contentType: 'application/pdf', resources: [] });
    expect(results.map((r) => r.facts.title)).toEqual([expect.stringContaining('Visit summary'), expect.stringContaining('Laboratory report')]);
  });

  it('refuses the demo PDF when cut in half', async () => {
    const pdf = (await generateDemoRecords(patient, practice, options)).find((d) => d.kind === 'pdf')!;
    await expect(ingestFile(pdf.bytes.subarray(0, pdf.bytes.length >> 1), { documentId: 'demo-cut' })).rejects.toMatchObject({ code: 'truncated' });
  });

  // Runs once the C-CDA mapper (shared/ingest/ccda/map-ccda.ts, written separately) is in place.
  it.skipIf(!MAPPER_PRESENT)('hands the demo CCD to the C-CDA mapper', async () => {
    const ccd = (await generateDemoRecords(patient, practice, options)).find((d) => d.kind === 'ccda')!;
    const result = await ingestFile(ccd.bytes, { filename: ccd.filename, declaredType: ccd.contentType, documentId: 'demo-ccd' });
    expect(result.kind).toBe('ccda');
    expect(result.resources.length).toBeGreaterThan(0);
  });

  it.skipIf(!MAPPER_PRESENT)('shows each fact once when the demo bundle and the demo CCD of one patient are both uploaded', async () => {
    // Prepare
    const docs = await generateDemoRecords(patient, practice, options);
    const h = buildDemoHistory(patient, practice, options);
    const fhir = await ingestFile(docs.find((d) => d.kind === 'fhir')!.bytes, { documentId: 'demo-fhir' });
    const ccd = await ingestFile(docs.find((d) => d.kind === 'ccda')!.bytes, { documentId: 'demo-ccd' });
    const store = new MemoryRecordStore();
    const now = new Date('2026-01-01T00:00:00Z');
    // Act
    await store.merge('patient-1', 'practice-1', 'demo-fhir', fhir.resources, now);
    const second = await store.merge('patient-1', 'practice-1', 'demo-ccd', ccd.resources, now);
    // Assess: every item of a clinical class arrived in both documents and is stored once.
    const items = [...store.items.values()];
    const counts: Record<string, number> = {};
    for (const item of items) counts[item.dataClass] = (counts[item.dataClass] ?? 0) + 1;
    expect(counts).toMatchObject({
      problems: h.conditions.length,
      medications: h.medications.length,
      allergies: h.allergies.length,
      encounters: h.encounters.length,
      immunizations: h.immunizations.length,
      'lab-results': h.labs.length + h.labReports.length,
      'vital-signs': h.vitals.length * 5,
      goals: h.goals.length,
      procedures: h.procedures.length,
    });
    const clinical = items.filter((i) => !['assessment-and-plan', 'clinical-notes', 'care-team'].includes(i.dataClass));
    expect(clinical.every((i) => i.sources.length === 2)).toBe(true);
    // The plan and the note are documents of their own (no clinical key): each format's copy stays, and the CCD's
    // care team has no FHIR twin in the bundle.
    expect(counts).toMatchObject({ 'assessment-and-plan': 2, 'clinical-notes': 1, 'care-team': 1 });
    expect(second.added).toBe(2);
    // The CCD came second, so its version of each shared fact is the one shown (C-CDA ids, C-CDA statuses).
    const corrected = items.filter((i) => i.dataClass === 'lab-results' && i.resource.resourceType === 'Observation' && i.resource.status === 'corrected');
    expect(corrected).toHaveLength(1);
    expect(corrected[0]!.resource.id).toMatch(/^ccda-/);
  });
});
