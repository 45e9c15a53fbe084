/**
 * The ingestion pipeline against third-party files in ../shared/fixtures (skipped, saying so, where they are absent).
 * Expected counts are computed here by scanning the raw JSON, independently of the classifier.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../../shared/ingest/ingest';
import { loadR4Definitions } from '../../../shared/ingest/r4-validator';
import { type IngestResult, RejectedFileError } from '../../../shared/ingest/types';
import { FIXTURES_DIR, HAS_FIXTURES, fixtureFiles, skipNoticeIfMissing } from '../../support/fixtures';

skipNoticeIfMissing('ingest fixtures');

type Json = Record<string, any>;

const read = (folder: string, file: string) => new Uint8Array(readFileSync(join(FIXTURES_DIR, folder, file)));

async function rejection(bytes: Uint8Array, filename: string): Promise<RejectedFileError> {
  try {
    await ingestFile(bytes, { filename, documentId: 'doc-fixture' });
  } catch (error) {
    if (error instanceof RejectedFileError) return error;
    throw error;
  }
  throw new Error(`${filename} was accepted`);
}

function countByClass(result: IngestResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of result.resources) counts[item.dataClass] = (counts[item.dataClass] ?? 0) + 1;
  return counts;
}

/** Every Reference.reference string anywhere inside value. */
function referencesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => referencesIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'reference' && typeof child === 'string') out.push(child);
      else referencesIn(child, out);
    }
  }
  return out;
}

const codes = (resource: Json): string[] => (resource.category ?? []).flatMap((c: Json) => (c.coding ?? []).map((x: Json) => x.code));

/** The class counts a person would expect from reading the bundle: written out here, not shared with classify.ts. */
function expectedCounts(bundle: Json): Record<string, number> {
  const expected: Record<string, number> = {};
  const add = (dataClass: string) => (expected[dataClass] = (expected[dataClass] ?? 0) + 1);
  for (const { resource } of bundle.entry as Json[]) {
    const type = resource.resourceType as string;
    if (type === 'Condition') add(codes(resource).includes('health-concern') ? 'health-concerns' : 'problems');
    else if (['MedicationRequest', 'MedicationStatement', 'MedicationAdministration'].includes(type)) add('medications');
    else if (type === 'AllergyIntolerance') add('allergies');
    else if (type === 'Observation' && codes(resource).includes('laboratory')) add('lab-results');
    else if (type === 'Observation' && codes(resource).includes('vital-signs')) add('vital-signs');
    else if (type === 'DiagnosticReport') add(codes(resource).includes('LAB') ? 'lab-results' : 'clinical-notes');
    else if (type === 'DocumentReference') add('clinical-notes');
    else if (type === 'Immunization') add('immunizations');
    else if (type === 'Procedure') add('procedures');
    else if (type === 'Encounter') add('encounters');
    else if (type === 'CareTeam') add('care-team');
    else if (type === 'Goal') add('goals');
    else if (type === 'CarePlan' || type === 'ClinicalImpression') add('assessment-and-plan');
  }
  return expected;
}

const BAD_INPUTS: Record<string, RejectedFileError['code']> = {
  'billion-laughs-entity-bomb.xml': 'unsafe-xml',
  'deeply-nested-100k-arrays.json': 'too-deep',
  'empty-zero-bytes.pdf': 'empty',
  'html-with-script-named-as.pdf': 'disguised-type',
  'invalid-utf8-patient.json': 'invalid-encoding',
  'truncated-half-of-hl7-UD_sample.pdf': 'truncated',
  'windows-exe-header-named-as.pdf': 'disguised-type',
  'xxe-external-entity-hl7-CCD2.xml': 'unsafe-xml',
};

const INVALID_FHIR: Record<string, { code: RejectedFileError['code']; location: string }> = {
  'ai3.json': { code: 'invalid-fhir', location: 'Patient.unknownElement' },
  'ai4.json': { code: 'invalid-fhir', location: 'Patient.birthDate' },
  'attachment-with-invalid-binary.json': { code: 'invalid-fhir', location: 'Media.content.data' },
  'bad-json-close-1.json': { code: 'malformed', location: 'line 15, column 11' },
  'bundle-with-no-type.json': { code: 'invalid-fhir', location: 'Bundle.type' },
  'empty-array.json': { code: 'invalid-fhir', location: 'DocumentReference.category[0].coding' },
  'patient-id-bad-1.json': { code: 'invalid-fhir', location: 'Patient.id' },
};

describe.skipIf(!HAS_FIXTURES)('fixtures: bad inputs', () => {
  it('has an expectation for every file in bad-inputs', () => {
    // Prepare / Act
    const files = fixtureFiles('bad-inputs');
    // Assess: a new fixture without an expectation must not pass silently.
    expect(files.sort()).toEqual(Object.keys(BAD_INPUTS).sort());
  });

  it.each(Object.entries(BAD_INPUTS))('refuses %s with %s and a sentence', async (file, code) => {
    // Prepare
    const bytes = read('bad-inputs', file);
    // Act
    const error = await rejection(bytes, file);
    // Assess
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(30);
    expect(error.message).toMatch(/\.$/);
  });

  it('names what the disguised files really are', async () => {
    // Prepare / Act
    const exe = await rejection(read('bad-inputs', 'windows-exe-header-named-as.pdf'), 'windows-exe-header-named-as.pdf');
    const html = await rejection(read('bad-inputs', 'html-with-script-named-as.pdf'), 'html-with-script-named-as.pdf');
    // Assess
    expect(exe.message).toContain('a Windows program (EXE)');
    expect(exe.message).toContain('presented as a PDF');
    expect(html.message).toContain('looks like a web page (HTML), not a health record');
  });

  it('never quotes the patient data of the invalid UTF-8 file in its message', async () => {
    // Prepare / Act
    const error = await rejection(read('bad-inputs', 'invalid-utf8-patient.json'), 'p.json');
    // Assess
    expect(error.message).not.toMatch(/badutf8|ller|rg"/);
  });
});

describe.skipIf(!HAS_FIXTURES)('fixtures: invalid FHIR', () => {
  beforeAll(() => loadR4Definitions(), 60_000);

  it('has an expectation for every file in fhir/invalid', () => {
    expect(fixtureFiles('fhir/invalid').sort()).toEqual(Object.keys(INVALID_FHIR).sort());
  });

  it.each(Object.entries(INVALID_FHIR))('refuses %s with a location', async (file, { code, location }) => {
    // Prepare
    const bytes = read('fhir/invalid', file);
    // Act
    const error = await rejection(bytes, file);
    // Assess
    expect(error.code).toBe(code);
    expect(error.location).toBe(location);
    expect(error.message).toContain(location.startsWith('line') ? location.replace(', column', ', column') : location);
  });

  it('quotes no values from the files, only locations', async () => {
    // Prepare
    const values = ['foo', 'not a date', 'bad-id_1', '%%%2@()()', 'Robin', 'Christopher', 'Testi'];
    // Act
    const messages = await Promise.all(fixtureFiles('fhir/invalid').map(async (file) => (await rejection(read('fhir/invalid', file), file)).message));
    // Assess
    for (const message of messages) for (const value of values) expect(message).not.toContain(value);
  });
});

describe.skipIf(!HAS_FIXTURES)('fixtures: Synthea bundles', () => {
  beforeAll(() => loadR4Definitions(), 60_000);
  const bundles = fixtureFiles('fhir/synthea-bundles');

  it('finds the bundles', () => {
    expect(bundles.length).toBeGreaterThanOrEqual(4);
  });

  it.each(bundles)('%s: items per class equal a count of the raw bundle', async (file) => {
    // Prepare
    const bytes = read('fhir/synthea-bundles', file);
    const bundle = JSON.parse(new TextDecoder().decode(bytes)) as Json;
    // Act
    const result = await ingestFile(bytes, { filename: file, documentId: 'doc-a' });
    // Assess: these bundles hold no duplicates, so nothing may have been collapsed. Some entries share a clinical key
    // without being one fact (Nicky Little's two check-ups with one type and start, the inferno patient's pulse-oximetry
    // variants at one time): they must keep their own keys (identity.ts), which these counts check.
    expect(result.kind).toBe('fhir-json');
    expect(countByClass(result)).toEqual(expectedCounts(bundle));
    expect(new Set(result.resources.map((r) => r.dedupeKey)).size).toBe(result.resources.length);
    expect(result.warnings.some((w) => /duplicate/.test(w))).toBe(false);
    expect(result.resources.some((r) => r.resource.resourceType === 'Patient')).toBe(false);
    const patient = (bundle.entry as Json[]).find((e) => e.resource.resourceType === 'Patient')!.resource;
    expect(result.facts.patient).toEqual({ givenName: patient.name[0].given.join(' '), familyName: patient.name[0].family, birthDate: patient.birthDate });
  });

  it.each(bundles)('%s: the same bundle uploaded twice gives the same dedupe keys', async (file) => {
    // Prepare
    const bytes = read('fhir/synthea-bundles', file);
    // Act
    const first = await ingestFile(bytes, { documentId: 'doc-first' });
    const second = await ingestFile(bytes, { documentId: 'doc-second' });
    // Assess
    expect(second.resources.map((r) => r.dedupeKey)).toEqual(first.resources.map((r) => r.dedupeKey));
    expect(first.resources.every((r) => (r.resource.meta as Json).source === 'urn:portal:document:doc-first')).toBe(true);
    expect(second.resources.every((r) => (r.resource.meta as Json).source === 'urn:portal:document:doc-second')).toBe(true);
  });

  it.each(bundles)('%s: every reference resolves to an item or a known supporting resource', async (file) => {
    // Prepare
    const bytes = read('fhir/synthea-bundles', file);
    const bundle = JSON.parse(new TextDecoder().decode(bytes)) as Json;
    const inFile = new Set((bundle.entry as Json[]).map((e) => `${e.resource.resourceType}/${e.resource.id}`));
    // Act
    const result = await ingestFile(bytes, { documentId: 'doc-refs' });
    // Assess
    const items = new Set(result.resources.map((r) => `${r.resource.resourceType}/${r.resource.id}`));
    const references = result.resources.flatMap((r) => referencesIn(r.resource));
    expect(references.length).toBeGreaterThan(100);
    const dangling = references.filter((ref) => !ref.startsWith('#') && !items.has(ref) && !inFile.has(ref));
    expect(dangling).toEqual([]);
    expect(references.some((ref) => ref.startsWith('urn:uuid:'))).toBe(false);
    // All of these bundles' references point inside the bundle, so none may have been reported as unresolvable.
    expect(result.warnings.filter((w) => /not in this file/.test(w))).toEqual([]);
  });

  it('inlines practitioner names into care team members and medication codes into requests', async () => {
    // Prepare
    const bytes = read('fhir/synthea-bundles', 'inferno-uscore_bundle_patient_85.json');
    // Act
    const result = await ingestFile(bytes, { documentId: 'doc-inline' });
    // Assess
    const members = result.resources.filter((r) => r.dataClass === 'care-team').flatMap((r) => (r.resource.participant as Json[]).map((p) => p.member));
    expect(members.filter((m) => m.reference?.startsWith('Practitioner/')).every((m) => typeof m.display === 'string' && m.display.length > 0)).toBe(true);
    const medications = result.resources.filter((r) => r.dataClass === 'medications').map((r) => r.resource as Json);
    expect(medications.every((m) => m.medicationCodeableConcept && !m.medicationReference)).toBe(true);
  });
});

describe.skipIf(!HAS_FIXTURES)('fixtures: HL7 R4 examples, NDJSON and PDFs', () => {
  beforeAll(() => loadR4Definitions(), 60_000);

  const EXAMPLE_CLASSES: Record<string, Record<string, number>> = {
    'allergyintolerance-example.json': { allergies: 1 },
    'binary-example.json': {},
    'condition-example.json': { problems: 1 },
    'diagnosticreport-example.json': { 'lab-results': 18 },
    'documentreference-example.json': { 'clinical-notes': 1 },
    'immunization-example.json': { immunizations: 1 },
    'medicationrequest0301.json': { medications: 1 },
    'observation-example.json': { 'vital-signs': 1 },
    'patient-example.json': {},
  };

  it('has an expectation for every HL7 example', () => {
    expect(fixtureFiles('fhir/hl7-r4-examples').sort()).toEqual(Object.keys(EXAMPLE_CLASSES).sort());
  });

  it.each(Object.entries(EXAMPLE_CLASSES))('accepts and classifies %s', async (file, classes) => {
    // Prepare
    const bytes = read('fhir/hl7-r4-examples', file);
    // Act
    const result = await ingestFile(bytes, { filename: file, documentId: 'doc-example' });
    // Assess: these examples reference resources outside themselves, which must be reported, not dropped silently.
    expect(result.kind).toBe('fhir-json');
    expect(countByClass(result)).toEqual(classes);
    const displayOnly = result.resources.flatMap((r) => referencesIn(r.resource)).filter((ref) => !ref.startsWith('#') && !ref.includes('/'));
    expect(displayOnly).toEqual([]);
    if (file !== 'patient-example.json' && file !== 'binary-example.json') expect(result.warnings.some((w) => /not in this file/.test(w))).toBe(true);
  });

  it('accepts the bulk-export NDJSON files line by line', async () => {
    // Prepare
    const allergies = read('fhir/ndjson', 'AllergyIntolerance.000.ndjson');
    const patients = read('fhir/ndjson', 'Patient.000.ndjson');
    const allergyLines = new TextDecoder().decode(allergies).split('\n').filter((l) => l.trim()).length;
    // Act
    const allergyResult = await ingestFile(allergies, { filename: 'AllergyIntolerance.000.ndjson', documentId: 'doc-nd' });
    const patientResult = await ingestFile(patients, { filename: 'Patient.000.ndjson', documentId: 'doc-nd2' });
    // Assess
    expect(allergyResult.kind).toBe('fhir-ndjson');
    expect(countByClass(allergyResult)).toEqual({ allergies: allergyLines });
    expect(allergyResult.warnings.some((w) => w.includes('AllergyIntolerance.patient'))).toBe(true);
    expect(patientResult.resources).toEqual([]);
    expect(patientResult.facts.patient?.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(patientResult.warnings.some((w) => /13 patients/.test(w))).toBe(true);
  });

  it.each(fixtureFiles('pdf'))('accepts %s as a PDF', async (file) => {
    // Prepare
    const bytes = read('pdf', file);
    // Act
    const result = await ingestFile(bytes, { filename: file, declaredType: 'application/pdf', documentId: 'doc-pdf' });
    // Assess
    expect(result).toMatchObject({ kind: 'pdf', contentType: 'application/pdf', resources: [] });
  });
});

const MAPPER_PRESENT = existsSync(resolve(import.meta.dirname, '../../../shared/ingest/ccda/map-ccda.ts'));

// The mapping itself is tested with the mapper (ccda*.test.ts); this checks the dispatch and the document link.
describe.skipIf(!HAS_FIXTURES || !MAPPER_PRESENT)('fixtures: C-CDA dispatch', () => {
  it.each(fixtureFiles('ccda'))('reads %s as C-CDA whatever its extension, every item linked to the document', async (file) => {
    // Prepare: C-CDA also arrives named .txt.
    const bytes = read('ccda', file);
    // Act
    const result = await ingestFile(bytes, { filename: file.replace(/\.xml$/, '.txt'), declaredType: 'text/plain', documentId: 'doc-ccda' });
    // Assess
    expect(result).toMatchObject({ kind: 'ccda', contentType: 'application/xml' });
    expect(result.resources.length).toBeGreaterThan(0);
    expect(result.resources.every((r) => (r.resource.meta as Json | undefined)?.source === 'urn:portal:document:doc-ccda')).toBe(true);
  });
});
