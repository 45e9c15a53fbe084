import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { buildDemoHistory, generateDemoRecords } from '../../shared/demo/generate';
import { FIXTURES_DIR, fixtureFiles, HAS_FIXTURES, skipNoticeIfMissing } from '../support/fixtures';
import { StackClient, uploadThroughApi } from '../support/stack-client';

const { url, ports } = inject('stack');
const api = new StackClient(url, ports);

async function countClass(token: string, dataClass: string): Promise<{ count: number; items: any[] }> {
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.call('GET', `/api/me/record/${dataClass}?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token });
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return { count: items.length, items };
}

const PATIENT = { givenName: 'Iris', familyName: 'Vale', birthDate: '1971-10-09', gender: 'female' as const, mrn: 'SR-1' };
const PRACTICE = {
  name: 'Record Practice',
  phone: '(555) 010-0002',
  address: { line: '3 Main St', city: 'Springfield', state: 'IL', postalCode: '62701' },
  clinician: { givenName: 'Ana', familyName: 'Cole', npi: '1234567893' },
};

describe('the structured record: uploads become FHIR items per USCDI class, without doubles', () => {
  it('shows the demo bundle’s problems, medications, allergies and lab results with the generator’s counts, and a second upload adds no doubles', async () => {
    const practice = await api.newPractice('Record Practice');
    const patient = await api.newPatient(practice);
    const history = buildDemoHistory(PATIENT, PRACTICE, { seed: 'record' });
    const bundle = (await generateDemoRecords(PATIENT, PRACTICE, { seed: 'record' })).find((d) => d.kind === 'fhir')!;

    const first = await uploadThroughApi(api, practice.staff, patient.patientId, { name: bundle.filename, bytes: bundle.bytes });
    const second = await uploadThroughApi(api, practice.staff, patient.patientId, { name: 'again.json', bytes: bundle.bytes });

    expect(first.complete?.body.structured.added).toBeGreaterThan(0);
    expect(second.complete?.body.structured.added).toBe(0);
    const h = history;
    expect((await countClass(patient.token, 'problems')).count).toBe(h.conditions.length);
    expect((await countClass(patient.token, 'medications')).count).toBe(h.medications.length);
    expect((await countClass(patient.token, 'allergies')).count).toBe(h.allergies.length);
    const labs = await countClass(patient.token, 'lab-results');
    expect(labs.items.filter((i) => i.resource.resourceType === 'Observation')).toHaveLength(h.labs.length);
    for (const item of labs.items) {
      expect(item.sources).toEqual([first.complete?.body.document.documentId, second.complete?.body.document.documentId]);
      expect(item.practiceName).toBe('Record Practice');
    }
  });
});

describe.skipIf(!HAS_FIXTURES)('every Synthea bundle: the patient sees the file’s problems, medications, allergies and lab results', () => {
  skipNoticeIfMissing('structured record from Synthea bundles');
  for (const file of fixtureFiles('fhir/synthea-bundles')) {
    it(file, async () => {
      const bytes = readFileSync(join(FIXTURES_DIR, 'fhir', 'synthea-bundles', file));
      const bundle = JSON.parse(bytes.toString('utf8')) as { entry: Array<{ resource: any }> };
      const resources = bundle.entry.map((e) => e.resource);
      const count = (type: string, predicate: (r: any) => boolean = () => true) => new Set(resources.filter((r) => r.resourceType === type && predicate(r)).map((r) => r.id)).size;
      const isLab = (r: any) => (r.category ?? []).some((c: any) => (c.coding ?? []).some((x: any) => x.code === 'laboratory'));
      const practice = await api.newPractice();
      const patient = await api.newPatient(practice);

      const outcome = await uploadThroughApi(api, practice.staff, patient.patientId, { name: file, bytes });

      expect(outcome.complete?.status).toBe(201);
      expect((await countClass(patient.token, 'problems')).count + (await countClass(patient.token, 'health-concerns')).count).toBe(count('Condition'));
      expect((await countClass(patient.token, 'medications')).count).toBe(count('MedicationRequest') + count('MedicationStatement'));
      expect((await countClass(patient.token, 'allergies')).count).toBe(count('AllergyIntolerance'));
      const labs = await countClass(patient.token, 'lab-results');
      expect(labs.items.filter((i) => i.resource.resourceType === 'Observation')).toHaveLength(count('Observation', isLab));
    });
  }
});
