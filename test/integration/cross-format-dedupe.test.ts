/**
 * The same clinical facts uploaded as a FHIR bundle and as a C-CDA CCD (the demo generator renders one history in
 * both) appear once in the patient's record, with both documents as sources.
 */
import { describe, expect, inject, it } from 'vitest';
import { buildDemoHistory, generateDemoRecords } from '../../shared/demo/generate';
import { StackClient, uploadThroughApi } from '../support/stack-client';

const { url, ports } = inject('stack');
const api = new StackClient(url, ports);

async function listClass(token: string, dataClass: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.call('GET', `/api/me/record/${dataClass}?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token });
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

const PATIENT = { givenName: 'Noor', familyName: 'Haddad', birthDate: '1966-04-21', gender: 'female' as const, mrn: 'XF-1' };
const PRACTICE = {
  name: 'Cross Format Practice',
  phone: '(555) 010-0003',
  address: { line: '4 Main St', city: 'Springfield', state: 'IL', postalCode: '62701' },
  clinician: { givenName: 'Lee', familyName: 'Ames', npi: '1234567893' },
};

describe('the same facts as FHIR and as C-CDA', () => {
  it('shows each problem, medication, allergy, result, vital sign and immunization once, sourced from both documents', async () => {
    const practice = await api.newPractice(PRACTICE.name);
    const patient = await api.newPatient(practice);
    const options = { seed: 'cross-format' };
    const h = buildDemoHistory(PATIENT, PRACTICE, options);
    const docs = await generateDemoRecords(PATIENT, PRACTICE, options);
    const bundle = docs.find((d) => d.kind === 'fhir')!;
    const ccd = docs.find((d) => d.kind === 'ccda')!;

    const first = await uploadThroughApi(api, practice.staff, patient.patientId, { name: bundle.filename, bytes: bundle.bytes });
    const second = await uploadThroughApi(api, practice.staff, patient.patientId, { name: ccd.filename, bytes: ccd.bytes });

    expect(first.complete?.status).toBe(201);
    expect(second.complete?.status).toBe(201);
    // Only the CCD's plan and care team are new: every clinical fact in it was already known from the bundle.
    expect(second.complete?.body.structured.added).toBe(2);
    const sources = [first.complete?.body.document.documentId, second.complete?.body.document.documentId];
    const expected: Record<string, number> = {
      problems: h.conditions.length,
      medications: h.medications.length,
      allergies: h.allergies.length,
      'lab-results': h.labs.length + h.labReports.length,
      'vital-signs': h.vitals.length * 5,
      immunizations: h.immunizations.length,
      procedures: h.procedures.length,
      encounters: h.encounters.length,
      goals: h.goals.length,
    };
    for (const [dataClass, count] of Object.entries(expected)) {
      const items = await listClass(patient.token, dataClass);
      expect(items, dataClass).toHaveLength(count);
      for (const item of items) expect(item.sources, dataClass).toEqual(sources);
    }
  });
});
