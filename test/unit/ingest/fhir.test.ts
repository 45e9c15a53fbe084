/** FHIR JSON and NDJSON: safety checks, validation, normalisation, classification and de-duplication (no fixtures). */
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../../shared/ingest/ingest';
import { loadR4Definitions } from '../../../shared/ingest/r4-validator';
import { type IngestResult, RejectedFileError } from '../../../shared/ingest/types';

type Json = Record<string, any>;

const bytesOf = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2));
const ndjson = (values: unknown[]) => new TextEncoder().encode(values.map((v) => JSON.stringify(v)).join('\n') + '\n');

async function refusal(bytes: Uint8Array): Promise<RejectedFileError> {
  try {
    await ingestFile(bytes, { documentId: 'doc-1' });
  } catch (error) {
    if (error instanceof RejectedFileError) return error;
    throw error;
  }
  throw new Error('accepted');
}

const byType = (result: IngestResult, type: string) => result.resources.filter((r) => r.resource.resourceType === type).map((r) => r.resource as Json);

const patient = { resourceType: 'Patient', id: 'p1', identifier: [{ system: 'urn:mrn', value: 'M-1' }], name: [{ family: 'Doe', given: ['Jane'] }], birthDate: '1970-01-02' };
const practitioner = { resourceType: 'Practitioner', id: 'dr1', name: [{ prefix: ['Dr.'], given: ['Ann'], family: 'Lee' }] };
const loincCategory = (code: string) => [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code }] }];

function transaction(): Json {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl: 'urn:uuid:11111111-1111-1111-1111-111111111111', resource: { ...patient, id: undefined }, request: { method: 'POST', url: 'Patient' } },
      { fullUrl: 'urn:uuid:22222222-2222-2222-2222-222222222222', resource: { ...practitioner, id: undefined }, request: { method: 'POST', url: 'Practitioner' } },
      {
        fullUrl: 'urn:uuid:33333333-3333-3333-3333-333333333333',
        resource: {
          resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, period: { start: '2024-03-04T10:00:00Z' },
          subject: { reference: 'urn:uuid:11111111-1111-1111-1111-111111111111' },
          participant: [{ individual: { reference: 'urn:uuid:22222222-2222-2222-2222-222222222222' } }],
        },
        request: { method: 'POST', url: 'Encounter' },
      },
      {
        fullUrl: 'urn:uuid:44444444-4444-4444-4444-444444444444',
        resource: {
          resourceType: 'Condition', code: { text: 'Asthma' },
          category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'health-concern' }] }],
          // A conditional reference, resolved against the bundle's own resources.
          subject: { reference: 'Patient?identifier=urn:mrn|M-1' },
          encounter: { reference: 'urn:uuid:33333333-3333-3333-3333-333333333333' },
        },
        request: { method: 'POST', url: 'Condition' },
      },
      {
        fullUrl: 'urn:uuid:55555555-5555-5555-5555-555555555555',
        resource: { resourceType: 'Medication', code: { text: 'Salbutamol inhaler', coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '745679' }] } },
        request: { method: 'POST', url: 'Medication' },
      },
      {
        fullUrl: 'urn:uuid:66666666-6666-6666-6666-666666666666',
        resource: {
          resourceType: 'MedicationRequest', status: 'active', intent: 'order',
          medicationReference: { reference: 'urn:uuid:55555555-5555-5555-5555-555555555555' },
          subject: { reference: 'urn:uuid:11111111-1111-1111-1111-111111111111' },
          requester: { reference: 'https://ehr.example.org/fhir/Practitioner/elsewhere' },
        },
        request: { method: 'POST', url: 'MedicationRequest' },
      },
      {
        fullUrl: 'urn:uuid:77777777-7777-7777-7777-777777777777',
        resource: {
          resourceType: 'Observation', status: 'final', category: loincCategory('laboratory'), code: { text: 'HbA1c' },
          valueQuantity: { value: 6.1, unit: '%' }, effectiveDateTime: '2024-03-04', subject: { reference: 'urn:uuid:11111111-1111-1111-1111-111111111111' },
        },
        request: { method: 'POST', url: 'Observation' },
      },
      {
        // The same result again under another fullUrl: one item, and references to it follow the kept one.
        fullUrl: 'urn:uuid:88888888-8888-8888-8888-888888888888',
        resource: {
          resourceType: 'Observation', status: 'final', category: loincCategory('laboratory'), code: { text: 'HbA1c' },
          valueQuantity: { value: 6.1, unit: '%' }, effectiveDateTime: '2024-03-04', subject: { reference: 'urn:uuid:11111111-1111-1111-1111-111111111111' },
        },
        request: { method: 'POST', url: 'Observation' },
      },
      {
        fullUrl: 'urn:uuid:99999999-9999-9999-9999-999999999999',
        resource: {
          resourceType: 'DiagnosticReport', status: 'final', code: { text: 'Panel' },
          category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB' }] }],
          result: [{ reference: 'urn:uuid:77777777-7777-7777-7777-777777777777' }, { reference: 'urn:uuid:88888888-8888-8888-8888-888888888888' }],
        },
        request: { method: 'POST', url: 'DiagnosticReport' },
      },
      {
        fullUrl: 'urn:uuid:aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
        resource: { resourceType: 'Observation', status: 'final', category: loincCategory('social-history'), code: { text: 'Smoking status' } },
        request: { method: 'POST', url: 'Observation' },
      },
    ],
  };
}

describe('FHIR JSON safety and validation', () => {
  beforeAll(() => loadR4Definitions(), 60_000);

  it('refuses nesting deeper than 64 levels before parsing, but not brackets inside strings', async () => {
    // Prepare
    const deep = new TextEncoder().encode(`{"resourceType":"Patient","extension":${'['.repeat(70)}${']'.repeat(70)}}`);
    const bracketsInText = bytesOf({ resourceType: 'Patient', id: 'x', name: [{ text: '['.repeat(200) }] });
    // Act
    const error = await refusal(deep);
    const accepted = await ingestFile(bracketsInText, { documentId: 'd' });
    // Assess
    expect(error.code).toBe('too-deep');
    expect(error.message).toContain('nested more than 64 levels');
    expect(accepted.kind).toBe('fhir-json');
  });

  it('reports a JSON syntax error by line and column without quoting the file', async () => {
    // Prepare
    const text = '{\n  "resourceType": "Patient",\n  "name": [{ "family": "Secretname" ]\n}';
    // Act
    const error = await refusal(new TextEncoder().encode(text));
    // Assess
    expect(error.code).toBe('malformed');
    expect(error.location).toMatch(/^line 3, column \d+$/);
    expect(error.message).not.toContain('Secretname');
  });

  it('refuses invalid UTF-8 as invalid-encoding', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('{"resourceType":"Patient","id":"a","name":[{"family":"'), 0xc3, 0x28, ...new TextEncoder().encode('"}]}')]);
    expect((await refusal(bytes)).code).toBe('invalid-encoding');
  });

  it('locates an invalid element inside a bundle entry', async () => {
    // Prepare
    const bundle = transaction();
    bundle.entry[0].resource.birthDate = '02/01/1970';
    // Act
    const error = await refusal(bytesOf(bundle));
    // Assess
    expect(error.code).toBe('invalid-fhir');
    expect(error.location).toBe('Bundle.entry[0].resource.birthDate');
    expect(error.message).toContain('Bundle.entry[0].resource.birthDate is not a valid FHIR date');
    expect(error.message).not.toContain('02/01/1970');
  });

  it('accepts base64 wrapped over lines (as R4 allows) and refuses base64 that is not base64', async () => {
    // Prepare
    const note = (data: string) => ({ resourceType: 'DocumentReference', status: 'current', content: [{ attachment: { contentType: 'text/plain', data } }] });
    // Act
    const wrapped = await ingestFile(bytesOf(note('SGVsbG8g\nV29ybGQh')), { documentId: 'd' });
    const error = await refusal(bytesOf(note('not*base64')));
    // Assess
    expect(wrapped.resources).toHaveLength(1);
    expect(error).toMatchObject({ code: 'invalid-fhir', location: 'DocumentReference.content[0].attachment.data' });
  });

  it('refuses non-resources and unsupported bundle types', async () => {
    expect((await refusal(bytesOf([{ resourceType: 'Patient' }]))).code).toBe('invalid-fhir');
    expect((await refusal(bytesOf({ name: 'x' }))).code).toBe('invalid-fhir');
    expect((await refusal(bytesOf({ resourceType: 'Bundle', type: 'history' }))).code).toBe('unsupported-type');
  });

  it('names the NDJSON line that is invalid', async () => {
    // Prepare
    const lines = [patient, { ...patient, id: 'p2' }, { ...patient, id: 'p3', birthDate: 'soon' }];
    // Act
    const error = await refusal(ndjson(lines));
    // Assess
    expect(error.code).toBe('invalid-fhir');
    expect(error.location).toBe('line 3, Patient.birthDate');
    expect(error.message).toMatch(/^Line 3 /);
  });
});

describe('FHIR normalisation and classification', () => {
  beforeAll(() => loadR4Definitions(), 60_000);

  it('resolves urn:uuid and conditional references to Type/id and reports the patient in facts only', async () => {
    // Prepare
    const bytes = bytesOf(transaction());
    // Act
    const result = await ingestFile(bytes, { documentId: 'doc-1' });
    // Assess
    expect(result.facts.patient).toEqual({ givenName: 'Jane', familyName: 'Doe', birthDate: '1970-01-02' });
    expect(result.facts.date).toBe('2024-03-04');
    expect(byType(result, 'Patient')).toEqual([]);
    const [condition] = byType(result, 'Condition');
    const [encounter] = byType(result, 'Encounter');
    expect(condition!.subject.reference).toMatch(/^Patient\/[0-9a-f]{32}$/);
    expect(condition!.encounter.reference).toBe(`Encounter/${encounter!.id}`);
    expect(encounter!.participant[0].individual).toEqual({ reference: expect.stringMatching(/^Practitioner\//), display: 'Dr. Ann Lee' });
  });

  it('classifies by USCDI class, inlines the medication, and keeps out what has no class', async () => {
    // Act
    const result = await ingestFile(bytesOf(transaction()), { documentId: 'doc-1' });
    // Assess
    const classes = result.resources.map((r) => `${r.resource.resourceType}:${r.dataClass}`).sort();
    expect(classes).toEqual(['Condition:health-concerns', 'DiagnosticReport:lab-results', 'Encounter:encounters', 'MedicationRequest:medications', 'Observation:lab-results']);
    const [request] = byType(result, 'MedicationRequest');
    expect(request!.medicationCodeableConcept.text).toBe('Salbutamol inhaler');
    expect(request!.medicationReference).toBeUndefined();
    expect(result.warnings.some((w) => w.includes('1 Observation (social-history)'))).toBe(true);
  });

  it('keeps an unresolvable reference as text only and says where it was', async () => {
    // Act
    const result = await ingestFile(bytesOf(transaction()), { documentId: 'doc-1' });
    // Assess
    const [request] = byType(result, 'MedicationRequest');
    expect(request!.requester).toEqual({ display: 'Not included in the uploaded file' });
    expect(result.warnings).toContain('A reference at MedicationRequest.requester points to something that is not in this file; it is kept as text only.');
  });

  it('collapses duplicates in one file and points references at the kept copy', async () => {
    // Act
    const result = await ingestFile(bytesOf(transaction()), { documentId: 'doc-1' });
    // Assess
    const observations = byType(result, 'Observation');
    expect(observations).toHaveLength(1);
    const [report] = byType(result, 'DiagnosticReport');
    expect(report!.result.map((r: Json) => r.reference)).toEqual([`Observation/${observations[0]!.id}`, `Observation/${observations[0]!.id}`]);
    expect(result.warnings).toContain('1 duplicate entries in the file were kept once.');
  });

  it('stamps meta.source, derives stable ids, and keys duplicates the same across uploads', async () => {
    // Act
    const first = await ingestFile(bytesOf(transaction()), { documentId: 'doc-1' });
    const again = await ingestFile(bytesOf(transaction()), { documentId: 'doc-1' });
    const other = await ingestFile(bytesOf(transaction()), { documentId: 'doc-2' });
    // Assess
    expect(first.resources.every((r) => (r.resource.meta as Json).source === 'urn:portal:document:doc-1')).toBe(true);
    expect(again.resources.map((r) => r.resource.id)).toEqual(first.resources.map((r) => r.resource.id));
    expect(other.resources.map((r) => r.resource.id)).not.toEqual(first.resources.map((r) => r.resource.id));
    expect(other.resources.map((r) => r.dedupeKey)).toEqual(first.resources.map((r) => r.dedupeKey));
  });

  it('keys by identifier when there is one, and keeps valid ids', async () => {
    // Prepare
    const immunization = { resourceType: 'Immunization', id: 'imm-1', identifier: [{ system: 'urn:ehr', value: 'I-9' }], status: 'completed', vaccineCode: { text: 'Flu' }, patient: { display: 'J' }, occurrenceDateTime: '2024-01-01' };
    // Act
    const result = await ingestFile(bytesOf(immunization), { documentId: 'd' });
    // Assess
    expect(result.resources).toEqual([expect.objectContaining({ dataClass: 'immunizations', dedupeKey: 'Immunization|urn:ehr|I-9', resource: expect.objectContaining({ id: 'imm-1' }) })]);
  });

  it('resolves relative references against an absolute fullUrl and across NDJSON lines', async () => {
    // Prepare
    const base = 'https://ehr.example.org/fhir';
    const collection = {
      resourceType: 'Bundle', type: 'collection',
      entry: [
        { fullUrl: `${base}/Patient/p1`, resource: patient },
        { fullUrl: `${base}/Goal/g1`, resource: { resourceType: 'Goal', id: 'g1', lifecycleStatus: 'active', description: { text: 'Walk' }, subject: { reference: 'Patient/p1' } } },
        { fullUrl: `${base}/CarePlan/c1`, resource: { resourceType: 'CarePlan', id: 'c1', status: 'active', intent: 'plan', subject: { reference: `${base}/Patient/p1/_history/2` }, goal: [{ reference: `${base}/Goal/g1` }] } },
      ],
    };
    const lines = [patient, { resourceType: 'AllergyIntolerance', id: 'a1', clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] }, patient: { reference: 'Patient/p1' }, code: { text: 'Peanut' } }];
    // Act
    const fromBundle = await ingestFile(bytesOf(collection), { documentId: 'd' });
    const fromNdjson = await ingestFile(ndjson(lines), { documentId: 'd' });
    // Assess
    expect(byType(fromBundle, 'Goal')[0]!.subject).toEqual({ reference: 'Patient/p1', display: 'Jane Doe' });
    expect(byType(fromBundle, 'CarePlan')[0]!.subject.reference).toBe('Patient/p1');
    expect(byType(fromBundle, 'CarePlan')[0]!.goal[0].reference).toBe('Goal/g1');
    expect(fromBundle.warnings).toEqual([]);
    expect(fromNdjson.kind).toBe('fhir-ndjson');
    expect(byType(fromNdjson, 'AllergyIntolerance')[0]!.patient.reference).toBe('Patient/p1');
  });
});
