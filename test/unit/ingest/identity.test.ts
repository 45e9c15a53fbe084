/** Clinical identity keys (shared/ingest/identity.ts): one key per clinical fact, whatever format it came in. */
import { beforeAll, describe, expect, it } from 'vitest';
import { clinicalKey, fhirSourceKey, standardSystem, utcInstant, withIdentityKeys } from '../../../shared/ingest/identity';
import { ingestFile } from '../../../shared/ingest/ingest';
import { loadR4Definitions } from '../../../shared/ingest/r4-validator';
import type { ExtractedResource, FhirResource } from '../../../shared/ingest/types';

type Json = Record<string, any>;

const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
const lab = (code: string, when: string | undefined, value: number, extra: Json = {}): FhirResource => ({
  resourceType: 'Observation', status: 'final',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
  code: { coding: [{ system: LOINC, code }] }, ...(when ? { effectiveDateTime: when } : {}), valueQuantity: { value, unit: 'mg/dL' }, ...extra,
});

describe('clinicalKey', () => {
  it('reads a code system the same whether written as a URI variant or an OID', () => {
    // Prepare / Act / Assess
    for (const system of ['http://loinc.org', 'https://loinc.org/', 'HTTP://LOINC.ORG', 'urn:oid:2.16.840.1.113883.6.1', '2.16.840.1.113883.6.1']) expect(standardSystem(system)).toBe('loinc');
    expect(standardSystem('urn:oid:2.16.840.1.113883.6.96')).toBe('snomed');
    expect(standardSystem('urn:oid:2.16.840.1.113883.6.59')).toBe('cvx');
    expect(standardSystem('urn:oid:1.2.840.99')).toBeUndefined();
    expect(standardSystem('http://terminology.hl7.org/CodeSystem/v3-NullFlavor')).toBeUndefined();
  });

  it('turns times with a zone into one UTC instant and keeps a date without one as a date', () => {
    // Prepare / Act / Assess
    expect(utcInstant('2024-03-04T10:00:00-05:00')).toBe('2024-03-04T15:00:00Z');
    expect(utcInstant('2024-03-04T15:00:00.250+00:00')).toBe('2024-03-04T15:00:00Z');
    expect(utcInstant('2024-03-04')).toBeUndefined();
    expect(utcInstant('2024-03-04T10:00:00')).toBeUndefined();
    const a = clinicalKey(lab('2345-7', '2024-03-04T10:00:00-05:00', 100));
    expect(a).toBe('Observation|loinc|2345-7|2024-03-04T15:00:00Z');
    expect(clinicalKey(lab('2345-7', '2024-03-04T15:00:00Z', 100))).toBe(a);
  });

  it('keeps two results of one test at different times apart, and a corrected value on the same key', () => {
    // Prepare
    const morning = lab('2345-7', '2024-03-04T08:00:00Z', 100);
    const evening = lab('2345-7', '2024-03-04T20:00:00Z', 180);
    const corrected = { ...lab('2345-7', '2024-03-04T08:00:00Z', 110), status: 'corrected' };
    // Act / Assess
    expect(clinicalKey(morning)).not.toBe(clinicalKey(evening));
    expect(clinicalKey(corrected)).toBe(clinicalKey(morning));
  });

  it('has no key for an observation dated by the day only, or without a standard code', () => {
    // Prepare / Act / Assess: several readings a day cannot be told apart by their date.
    expect(clinicalKey(lab('2345-7', '2024-03-04', 100))).toBeUndefined();
    expect(clinicalKey(lab('2345-7', undefined, 100))).toBeUndefined();
    expect(clinicalKey({ ...lab('x', '2024-03-04T08:00:00Z', 1), code: { text: 'Glucose' } })).toBeUndefined();
    expect(clinicalKey({ ...lab('x', '2024-03-04T08:00:00Z', 1), code: { coding: [{ system: 'urn:oid:1.2.3', code: 'GLU' }] } })).toBeUndefined();
  });

  it('tells a blood-pressure panel from its systolic reading by the component codes', () => {
    // Prepare
    const component = (code: string, value: number) => ({ code: { coding: [{ system: LOINC, code }] }, valueQuantity: { value } });
    const panel = { ...lab('85354-9', '2024-03-04T08:00:00Z', 0), valueQuantity: undefined, component: [component('8480-6', 120), component('8462-4', 80)] };
    const reordered = { ...panel, component: [component('8462-4', 82), component('8480-6', 121)] };
    // Act / Assess
    expect(clinicalKey(panel)).toBe('Observation|loinc|85354-9|2024-03-04T08:00:00Z|components=loinc|8462-4,loinc|8480-6');
    expect(clinicalKey(reordered)).toBe(clinicalKey(panel));
    expect(clinicalKey(lab('8480-6', '2024-03-04T08:00:00Z', 120))).not.toBe(clinicalKey(panel));
  });

  it('prefers SNOMED over ICD-10-CM in any coding order, and reads ICD codes without their dot', () => {
    // Prepare
    const condition = (coding: Json[]): FhirResource => ({ resourceType: 'Condition', code: { coding }, onsetDateTime: '2021-01-27' });
    // Act / Assess
    const snomedFirst = clinicalKey(condition([{ system: SNOMED, code: '44054006' }, { system: ICD10, code: 'E11.9' }]));
    expect(snomedFirst).toBe('Condition|snomed|44054006|2021-01-27');
    expect(clinicalKey(condition([{ system: ICD10, code: 'E11.9' }, { system: 'urn:oid:2.16.840.1.113883.6.96', code: '44054006' }]))).toBe(snomedFirst);
    expect(clinicalKey(condition([{ system: ICD10, code: 'E11.9' }]))).toBe(clinicalKey(condition([{ system: 'urn:oid:2.16.840.1.113883.6.90', code: 'e119' }])));
  });

  it('dates a condition by the day as written, and tells conditions with other onsets apart', () => {
    // Prepare
    const condition = (onsetDateTime: string): FhirResource => ({ resourceType: 'Condition', code: { coding: [{ system: SNOMED, code: '195662009' }] }, onsetDateTime });
    // Act / Assess
    expect(clinicalKey(condition('2019-02-16T22:18:19-05:00'))).toBe(clinicalKey(condition('2019-02-16')));
    expect(clinicalKey(condition('2019-02-16'))).not.toBe(clinicalKey(condition('2020-04-01')));
  });

  it('makes a C-CDA medication statement and a FHIR medication request of one start date one medication', () => {
    // Prepare
    const medication = { coding: [{ system: RXNORM, code: '314076' }] };
    const request: FhirResource = { resourceType: 'MedicationRequest', status: 'active', intent: 'order', medicationCodeableConcept: medication, authoredOn: '2024-12-03' };
    const statement: FhirResource = { resourceType: 'MedicationStatement', status: 'active', medicationCodeableConcept: { coding: [{ system: 'urn:oid:2.16.840.1.113883.6.88', code: '314076' }] }, effectivePeriod: { start: '2024-12-03' } };
    const restarted = { ...request, authoredOn: '2025-06-01' };
    // Act / Assess
    expect(clinicalKey(request)).toBe('Medication|rxnorm|314076|2024-12-03');
    expect(clinicalKey(statement)).toBe(clinicalKey(request));
    expect(clinicalKey(restarted)).not.toBe(clinicalKey(request));
  });

  it('keys an allergy by its substance alone', () => {
    // Prepare
    const allergy = (extra: Json): FhirResource => ({ resourceType: 'AllergyIntolerance', code: { coding: [{ system: RXNORM, code: '2670' }] }, ...extra });
    // Act / Assess
    expect(clinicalKey(allergy({ onsetDateTime: '1972-05-13' }))).toBe('AllergyIntolerance|rxnorm|2670');
    expect(clinicalKey(allergy({ recordedDate: '2024-01-01', criticality: 'high' }))).toBe('AllergyIntolerance|rxnorm|2670');
  });

  it('keeps two visits of one type on one day apart, and gives an undated-time visit no key', () => {
    // Prepare
    const encounter = (start: string): FhirResource => ({ resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, type: [{ coding: [{ system: SNOMED, code: '185349003' }] }], period: { start } });
    // Act / Assess
    expect(clinicalKey(encounter('2024-03-04T09:00:00Z'))).not.toBe(clinicalKey(encounter('2024-03-04T15:00:00Z')));
    expect(clinicalKey(encounter('2024-03-04'))).toBeUndefined();
  });

  it('keys an immunization by vaccine and day, a dose not given apart from one given', () => {
    // Prepare
    const immunization = (code: string, status = 'completed'): FhirResource => ({ resourceType: 'Immunization', status, vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code }] }, occurrenceDateTime: '2024-10-01T10:00:00-04:00' });
    // Act / Assess
    expect(clinicalKey(immunization('08'))).toBe('Immunization|cvx|8|2024-10-01');
    expect(clinicalKey(immunization('8'))).toBe(clinicalKey(immunization('08')));
    expect(clinicalKey(immunization('140', 'not-done'))).not.toBe(clinicalKey(immunization('140')));
  });

  it('keys a goal by its target measures and start, whether its description is coded or only text', () => {
    // Prepare: the C-CDA mapper codes the description with the goal's measure; FHIR senders often write text only.
    const measure = { coding: [{ system: LOINC, code: '4548-4' }] };
    const fromFhir: FhirResource = { resourceType: 'Goal', lifecycleStatus: 'active', description: { text: 'HbA1c below 7%' }, startDate: '2024-12-03', target: [{ measure }] };
    const fromCcda: FhirResource = { resourceType: 'Goal', lifecycleStatus: 'active', description: { ...measure, text: 'Goal: HbA1c below 7%' }, startDate: '2024-12-03', target: [{ measure }] };
    // Act / Assess
    expect(clinicalKey(fromFhir)).toBe('Goal|loinc|4548-4|2024-12-03');
    expect(clinicalKey(fromCcda)).toBe(clinicalKey(fromFhir));
    expect(clinicalKey({ ...fromFhir, target: undefined })).toBeUndefined();
  });

  it('has no clinical key for notes, plans and care teams', () => {
    // Prepare / Act / Assess
    const note: FhirResource = { resourceType: 'DocumentReference', status: 'current', type: { coding: [{ system: LOINC, code: '11506-3' }] }, date: '2024-03-04T10:00:00Z', content: [] };
    expect(clinicalKey(note)).toBeUndefined();
    expect(clinicalKey({ resourceType: 'CarePlan', status: 'active', intent: 'plan', period: { start: '2024-03-04' } })).toBeUndefined();
  });
});

describe('withIdentityKeys', () => {
  const item = (resource: FhirResource, dedupeKey = fhirSourceKey(resource)): ExtractedResource => ({ dataClass: 'lab-results', dedupeKey, resource });

  it('uses the clinical key, and the source key where there is none', () => {
    // Prepare
    const keyed = item(lab('2345-7', '2024-03-04T08:00:00Z', 100));
    const dateOnly = item(lab('2345-7', '2024-03-04', 100));
    // Act
    const [a, b] = withIdentityKeys([keyed, dateOnly]);
    // Assess
    expect(a!.dedupeKey).toBe('Observation|loinc|2345-7|2024-03-04T08:00:00Z');
    expect(b!.dedupeKey).toBe(dateOnly.dedupeKey);
  });

  it('keeps source keys when two different items of one file share a clinical key', () => {
    // Prepare: two readings the file cannot tell apart by code and time, but with other values.
    const first = item(lab('2345-7', '2024-03-04T08:00:00Z', 100));
    const second = item(lab('2345-7', '2024-03-04T08:00:00Z', 140));
    // Act
    const keyed = withIdentityKeys([first, second]);
    // Assess
    expect(keyed.map((k) => k.dedupeKey)).toEqual([first.dedupeKey, second.dedupeKey]);
  });

  it('gives one clinical key to the same entry listed twice, by source key or by content', () => {
    // Prepare
    const resource = lab('2345-7', '2024-03-04T08:00:00Z', 100);
    const sameEntry = [item({ ...resource, id: 'a' }, 'Observation|1.2.3|9'), item({ ...resource, id: 'b', note: [{ text: 'seen in two sections' }] }, 'Observation|1.2.3|9')];
    const sameContent = [item({ ...resource, id: 'c' }, 'Observation|1.2.3|10'), item({ ...resource, id: 'd' }, 'Observation|1.2.3|11')];
    // Act / Assess
    expect(new Set(withIdentityKeys(sameEntry).map((k) => k.dedupeKey))).toEqual(new Set(['Observation|loinc|2345-7|2024-03-04T08:00:00Z']));
    expect(new Set(withIdentityKeys(sameContent).map((k) => k.dedupeKey))).toEqual(new Set(['Observation|loinc|2345-7|2024-03-04T08:00:00Z']));
  });
});

// ---- The same facts as a C-CDA and as FHIR, through ingestFile ----

const ccda = (value: string, status = 'completed') => new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><title>T</title><effectiveTime value="20240305"/>
<component><structuredBody>
<component><section><code code="30954-2" codeSystem="2.16.840.1.113883.6.1"/><title>Results</title><text>Glucose</text>
<entry><observation classCode="OBS" moodCode="EVN"><id root="9A1B0C4E-0000-4000-8000-000000000001"/><code code="2345-7" codeSystem="2.16.840.1.113883.6.1" displayName="Glucose"/><statusCode code="${status}"/><effectiveTime value="20240304100000-0500"/><value xsi:type="PQ" value="${value}" unit="mg/dL"/></observation></entry>
</section></component>
<component><section><code code="11450-4" codeSystem="2.16.840.1.113883.6.1"/><title>Problems</title><text>Diabetes</text>
<entry><act classCode="ACT" moodCode="EVN"><code code="CONC" codeSystem="2.16.840.1.113883.5.6"/><statusCode code="active"/><entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN"><id root="9A1B0C4E-0000-4000-8000-000000000002"/><code code="55607006" codeSystem="2.16.840.1.113883.6.96"/><effectiveTime><low value="20210127"/></effectiveTime><value xsi:type="CD" code="E11.9" codeSystem="2.16.840.1.113883.6.90"><translation code="44054006" codeSystem="2.16.840.1.113883.6.96"/></value></observation></entryRelationship></act></entry>
</section></component>
</structuredBody></component></ClinicalDocument>`);

const bundle = (value: number, status = 'final') => new TextEncoder().encode(JSON.stringify({
  resourceType: 'Bundle', type: 'collection',
  entry: [
    { fullUrl: 'urn:uuid:6f1c2a52-0000-4000-8000-000000000001', resource: { resourceType: 'Observation', identifier: [{ system: 'urn:lab', value: 'R-77' }], status, category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }], code: { coding: [{ system: LOINC, code: '2345-7' }], text: 'Glucose' }, effectiveDateTime: '2024-03-04T15:00:00Z', valueQuantity: { value, unit: 'mg/dL' } } },
    { fullUrl: 'urn:uuid:6f1c2a52-0000-4000-8000-000000000002', resource: { resourceType: 'Condition', category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }], code: { coding: [{ system: SNOMED, code: '44054006' }] }, subject: { display: 'Jane Doe' }, onsetDateTime: '2021-01-27T09:30:00-05:00' } },
  ],
}));

describe('the same facts uploaded as C-CDA and as FHIR', () => {
  beforeAll(() => loadR4Definitions(), 60_000);

  it('key the lab result and the problem the same in both formats', async () => {
    // Act
    const fromCcda = await ingestFile(ccda('95'), { documentId: 'ccd' });
    const fromFhir = await ingestFile(bundle(95), { documentId: 'bundle' });
    // Assess
    const keys = (r: typeof fromCcda) => r.resources.map((x) => `${x.dataClass}#${x.dedupeKey}`).sort();
    expect(keys(fromCcda)).toEqual(['lab-results#Observation|loinc|2345-7|2024-03-04T15:00:00Z', 'problems#Condition|snomed|44054006|2021-01-27']);
    expect(keys(fromFhir)).toEqual(keys(fromCcda));
  });

  it('keys a corrected result like the preliminary one it replaces', async () => {
    // Act
    const preliminary = await ingestFile(bundle(95, 'preliminary'), { documentId: 'prelim' });
    const corrected = await ingestFile(ccda('105', 'corrected'), { documentId: 'fix' });
    // Assess
    const labKey = (r: typeof preliminary) => r.resources.find((x) => x.dataClass === 'lab-results')!.dedupeKey;
    expect(labKey(corrected)).toBe(labKey(preliminary));
    expect(corrected.resources.find((x) => x.dataClass === 'lab-results')!.resource).toMatchObject({ status: 'corrected', valueQuantity: { value: 105 } });
  });
});
