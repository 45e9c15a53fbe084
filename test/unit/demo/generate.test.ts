import { inflateSync } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type DemoPatient, type DemoPractice, type FhirBundle, type FhirResource,
  buildCcd, buildDemoHistory, buildFhirBundle, buildLabReportPdf, buildVisitSummaryPdf, escapeXml, generateDemoRecords, toWinAnsi,
} from '../../../shared/demo/generate';

// All people and places here are invented.
const PRACTICE: DemoPractice = {
  name: 'Maple Grove Family Medicine', phone: '(555) 010-2000',
  address: { line: '100 Example Way', city: 'Springfield', state: 'IL', postalCode: '62701' },
  clinician: { givenName: 'Dana', familyName: 'Whitfield', npi: '1234567893' },
};
const PATIENT: DemoPatient = { givenName: 'Sam', familyName: 'Chen', birthDate: '1957-09-30', gender: 'male', mrn: 'MG-100377' };
const UNICODE_PATIENT: DemoPatient = { givenName: 'Zoë', familyName: 'Ñúñez-Łukasz', birthDate: '1984-03-12', gender: 'other', mrn: 'MG-100412' };
const AWKWARD_PRACTICE: DemoPractice = { ...PRACTICE, name: 'Smith & Søn <Clinic> "Łódź"', clinician: { givenName: 'Łukasz', familyName: "O'Brien", npi: '1234567893' } };
const TODAY = '2026-11-01';

const CCD_SECTIONS = [
  { name: 'Problems', loinc: '11450-4', template: '2.16.840.1.113883.10.20.22.2.5.1' },
  { name: 'Medications', loinc: '10160-0', template: '2.16.840.1.113883.10.20.22.2.1.1' },
  { name: 'Allergies', loinc: '48765-2', template: '2.16.840.1.113883.10.20.22.2.6.1' },
  { name: 'Results', loinc: '30954-2', template: '2.16.840.1.113883.10.20.22.2.3.1' },
  { name: 'Vital Signs', loinc: '8716-3', template: '2.16.840.1.113883.10.20.22.2.4.1' },
  { name: 'Immunizations', loinc: '11369-6', template: '2.16.840.1.113883.10.20.22.2.2.1' },
  { name: 'Procedures', loinc: '47519-4', template: '2.16.840.1.113883.10.20.22.2.7.1' },
  { name: 'Encounters', loinc: '46240-8', template: '2.16.840.1.113883.10.20.22.2.22.1' },
  { name: 'Plan of Treatment', loinc: '18776-5', template: '2.16.840.1.113883.10.20.22.2.10' },
];

/** Elements (R4 cardinality 1..1, or required by this generator's contract) each resource type must carry. */
const REQUIRED: Record<string, string[]> = {
  Patient: ['identifier', 'name', 'gender', 'birthDate'],
  Organization: ['name'],
  Practitioner: ['identifier', 'name'],
  Encounter: ['status', 'class', 'subject', 'period'],
  Condition: ['code', 'subject', 'clinicalStatus', 'verificationStatus', 'category'],
  AllergyIntolerance: ['patient', 'code', 'clinicalStatus', 'verificationStatus'],
  MedicationRequest: ['status', 'intent', 'medicationCodeableConcept', 'subject', 'authoredOn', 'dosageInstruction'],
  Observation: ['status', 'code', 'subject', 'category', 'effectiveDateTime'],
  DiagnosticReport: ['status', 'code', 'subject', 'result'],
  Immunization: ['status', 'vaccineCode', 'patient', 'occurrenceDateTime'],
  Procedure: ['status', 'code', 'subject'],
  Goal: ['lifecycleStatus', 'description', 'subject'],
  CarePlan: ['status', 'intent', 'subject', 'category', 'text'],
  DocumentReference: ['status', 'type', 'subject', 'content'],
};

type Coding = { system: string; code: string; display?: string };
type Json = Record<string, unknown>;
type Xml = Record<string, unknown>;

const resources = (bundle: FhirBundle, type?: string) => bundle.entry.map((e) => e.resource).filter((r) => !type || r.resourceType === type);
const codings = (r: FhirResource, element = 'code') => ((r[element] as { coding: Coding[] }).coding);
const categoryCodes = (r: FhirResource) => (r.category as { coding: Coding[] }[]).flatMap((c) => c.coding.map((x) => x.code));
const labs = (bundle: FhirBundle) => resources(bundle, 'Observation').filter((o) => categoryCodes(o).includes('laboratory'));

function referencesIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => referencesIn(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'reference' && typeof value === 'string') found.push(value);
      else referencesIn(value, found);
    }
  }
  return found;
}

async function records(patient = PATIENT, practice = PRACTICE, seed = 'seed-a', visits?: number) {
  const docs = await generateDemoRecords(patient, practice, { seed, today: TODAY, ...(visits ? { visits } : {}) });
  const text = (kind: string) => new TextDecoder().decode(docs.find((d) => d.kind === kind)!.bytes);
  return { docs, bundle: JSON.parse(text('fhir')) as FhirBundle, xml: text('ccda'), pdfs: docs.filter((d) => d.kind === 'pdf') };
}

function parseXml(xml: string): Xml {
  // Every element as an array, so navigation does not depend on how many siblings an element has.
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (_n, _p, _leaf, isAttribute) => !isAttribute, parseTagValue: false, parseAttributeValue: false }).parse(xml) as Xml;
}
const kids = (node: Xml | undefined, name: string) => ((node?.[name] as Xml[] | undefined) ?? []);
const first = (node: Xml | undefined, name: string) => kids(node, name)[0];
const hasTemplate = (node: Xml, root: string) => kids(node, 'templateId').some((t) => t['@_root'] === root);

/** All elements (at any depth) carrying a templateId with this root. */
function withTemplate(node: unknown, root: string, found: Xml[] = []): Xml[] {
  if (Array.isArray(node)) node.forEach((n) => withTemplate(n, root, found));
  else if (node && typeof node === 'object') {
    if (hasTemplate(node as Xml, root)) found.push(node as Xml);
    for (const [key, value] of Object.entries(node)) if (!key.startsWith('@_')) withTemplate(value, root, found);
  }
  return found;
}
function attributesIn(node: unknown, name: string, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => attributesIn(n, name, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === `@_${name}` && typeof value === 'string') found.push(value);
      else attributesIn(value, name, found);
    }
  }
  return found;
}
function sections(doc: Xml): Xml[] {
  const body = first(first(first(doc, 'ClinicalDocument'), 'component'), 'structuredBody');
  return kids(body, 'component').map((c) => first(c, 'section')!);
}
const sectionByCode = (doc: Xml, loinc: string) => sections(doc).find((s) => first(s, 'code')?.['@_code'] === loinc);
/** Top-level entries of a section whose act/observation/... carries the template. */
const entriesWith = (section: Xml | undefined, root: string) =>
  kids(section, 'entry').filter((e) => Object.entries(e).some(([k, v]) => !k.startsWith('@_') && (v as Xml[]).some((x) => hasTemplate(x, root))));

/** The text a PDF draws: pdf-lib writes standard-font text as hex strings in Flate-compressed content streams. */
function pdfText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes);
  const raw = buffer.toString('latin1');
  const out: string[] = [];
  const marker = /stream\r?\n/g;
  for (let m = marker.exec(raw); m; m = marker.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    marker.lastIndex = end + 'endstream'.length;
    let content: string;
    try { content = inflateSync(buffer.subarray(start, end)).toString('latin1'); } catch { continue; }
    for (const hex of content.matchAll(/<([0-9A-Fa-f]*)> Tj/g)) out.push(Buffer.from(hex[1]!, 'hex').toString('latin1'));
  }
  return out.join('\n');
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('generateDemoRecords', () => {
  it('returns a FHIR bundle, a CCD and two PDFs with usable metadata', async () => {
    // Prepare
    const expected = [['fhir', 'application/fhir+json', /\.fhir\.json$/], ['ccda', 'application/xml', /\.xml$/], ['pdf', 'application/pdf', /\.pdf$/], ['pdf', 'application/pdf', /\.pdf$/]] as const;
    // Act
    const { docs } = await records();
    // Assess
    expect(docs).toHaveLength(4);
    docs.forEach((doc, i) => {
      expect(doc.kind).toBe(expected[i]![0]);
      expect(doc.contentType).toBe(expected[i]![1]);
      expect(doc.filename).toMatch(expected[i]![2]);
      expect(doc.filename).toMatch(/^[a-z0-9][a-z0-9.-]*$/);
      expect(doc.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(doc.date <= TODAY && doc.date >= '2024-10-01').toBe(true);
      expect(doc.author).toContain('Dana Whitfield');
      expect(doc.title.length).toBeGreaterThan(5);
      expect(doc.bytes.byteLength).toBeGreaterThan(1000);
    });
    expect(new Set(docs.map((d) => d.filename)).size).toBe(4);
  });

  it('is byte-identical for the same seed, whatever the clock or Math.random say', async () => {
    // Prepare
    const firstRun = await records();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-05-17T08:09:10Z'));
    vi.spyOn(Math, 'random').mockReturnValue(0.123456);
    // Act
    const secondRun = await records();
    // Assess
    expect(secondRun.docs.map((d) => d.filename)).toEqual(firstRun.docs.map((d) => d.filename));
    secondRun.docs.forEach((doc, i) => expect(Buffer.from(doc.bytes).equals(Buffer.from(firstRun.docs[i]!.bytes))).toBe(true));
  });

  it('gives different content for a different seed, patient or day', async () => {
    // Prepare
    const base = await records();
    // Act
    const otherSeed = await records(PATIENT, PRACTICE, 'seed-b');
    const otherPatient = await records({ ...PATIENT, mrn: 'MG-999999' });
    const otherDay = await generateDemoRecords(PATIENT, PRACTICE, { seed: 'seed-a', today: '2026-06-01' });
    // Assess
    const values = (b: FhirBundle) => labs(b).map((o) => (o.valueQuantity as { value: number }).value).join(',');
    expect(values(otherSeed.bundle)).not.toBe(values(base.bundle));
    expect(otherSeed.bundle.id).not.toBe(base.bundle.id);
    expect(otherPatient.bundle.id).not.toBe(base.bundle.id);
    for (const i of [0, 1, 2, 3]) expect(Buffer.from(otherSeed.docs[i]!.bytes).equals(Buffer.from(base.docs[i]!.bytes))).toBe(false);
    expect(otherDay[0]!.date < '2026-06-01').toBe(true);
  });

  it('rejects dates that are not real calendar dates', async () => {
    // Prepare
    const badBirth = { ...PATIENT, birthDate: '1957-02-30' };
    // Act
    const attempts = [generateDemoRecords(badBirth, PRACTICE, { seed: 's' }), generateDemoRecords(PATIENT, PRACTICE, { seed: 's', today: '01/11/2026' })];
    // Assess
    for (const attempt of attempts) await expect(attempt).rejects.toThrow(/YYYY-MM-DD/);
  });
});

describe('FHIR bundle', () => {
  it('is a collection whose references all resolve to entry fullUrls', async () => {
    // Prepare
    const { bundle } = await records();
    // Act
    const fullUrls = new Set(bundle.entry.map((e) => e.fullUrl));
    const references = referencesIn(bundle.entry.map((e) => e.resource));
    // Assess
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('collection');
    expect(fullUrls.size).toBe(bundle.entry.length);
    for (const e of bundle.entry) {
      expect(e.fullUrl).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(e.fullUrl).toBe(`urn:uuid:${e.resource.id}`);
    }
    expect(references.length).toBeGreaterThan(100);
    expect(references.filter((r) => !fullUrls.has(r))).toEqual([]);
  });

  it('gives every entry a resourceType and its required elements', async () => {
    // Prepare
    const { bundle } = await records();
    // Act
    const missing = bundle.entry.flatMap(({ resource }) => (REQUIRED[resource.resourceType] ?? ['<unknown type>']).filter((k) => resource[k] === undefined || resource[k] === null).map((k) => `${resource.resourceType}.${k}`));
    // Assess
    expect(missing).toEqual([]);
    expect(new Set(bundle.entry.map((e) => e.resource.resourceType))).toEqual(new Set(Object.keys(REQUIRED)));
  });

  it('holds the expected numbers of problems, medications, allergies and labs', async () => {
    // Prepare
    const history = buildDemoHistory(PATIENT, PRACTICE, { seed: 'seed-a', today: TODAY });
    // Act
    const bundle = buildFhirBundle(history);
    // Assess
    expect(resources(bundle, 'Encounter')).toHaveLength(4);
    expect(resources(bundle, 'Condition')).toHaveLength(history.conditions.length);
    expect(resources(bundle, 'MedicationRequest')).toHaveLength(history.medications.length);
    expect(resources(bundle, 'AllergyIntolerance')).toHaveLength(history.allergies.length);
    expect(labs(bundle)).toHaveLength(history.labs.length);
    // A 69-year-old gets every test in the panel at every visit, four visits by default.
    expect(labs(bundle)).toHaveLength(4 * 5);
    expect(resources(bundle, 'Condition').length).toBeGreaterThanOrEqual(2);
    expect(resources(bundle, 'AllergyIntolerance').length).toBeGreaterThanOrEqual(1);
    expect(resources(bundle, 'MedicationRequest').map((m) => m.status)).toContain('active');
  });

  it('codes labs with LOINC and UCUM, with ranges, flags that match them, and several results per test', async () => {
    // Prepare
    const { bundle } = await records();
    // Act
    const observations = labs(bundle);
    const byCode = new Map<string, FhirResource[]>();
    for (const o of observations) byCode.set(codings(o)[0]!.code, [...(byCode.get(codings(o)[0]!.code) ?? []), o]);
    // Assess
    expect([...byCode.keys()].sort()).toEqual(['13457-7', '2160-0', '2345-7', '4548-4', '718-7']);
    const units: Record<string, string> = { '4548-4': '%', '13457-7': 'mg/dL', '2345-7': 'mg/dL', '2160-0': 'mg/dL', '718-7': 'g/dL' };
    for (const [code, results] of byCode) {
      expect(new Set(results.map((o) => o.effectiveDateTime)).size).toBeGreaterThanOrEqual(3);
      for (const o of results) {
        expect(codings(o)[0]!.system).toBe('http://loinc.org');
        const value = o.valueQuantity as { value: number; unit: string; system: string; code: string };
        expect(value).toMatchObject({ system: 'http://unitsofmeasure.org', code: units[code], unit: units[code] });
        const [range] = o.referenceRange as { low?: { value: number }; high?: { value: number } }[];
        expect(range?.low ?? range?.high).toBeDefined();
        const expectedFlag = range?.high && value.value > range.high.value ? 'H' : range?.low && value.value < range.low.value ? 'L' : 'N';
        expect((o.interpretation as { coding: Coding[] }[])[0]!.coding[0]!.code).toBe(expectedFlag);
      }
    }
  });

  it('includes a corrected lab result that explains the correction', async () => {
    // Prepare
    const { bundle } = await records();
    // Act
    const corrected = labs(bundle).filter((o) => o.status === 'corrected');
    const reports = resources(bundle, 'DiagnosticReport').filter((r) => r.status === 'corrected');
    // Assess
    expect(corrected).toHaveLength(1);
    expect((corrected[0]!.note as { text: string }[])[0]!.text).toMatch(/originally reported as/);
    expect(reports).toHaveLength(1);
    expect(referencesIn(reports[0]!.result)).toContain(`urn:uuid:${corrected[0]!.id}`);
    expect(labs(bundle).every((o) => ['final', 'corrected'].includes(o.status as string))).toBe(true);
  });

  it('records vital signs as US Core-shaped observations at every visit', async () => {
    // Prepare
    const { bundle } = await records();
    // Act
    const vitals = resources(bundle, 'Observation').filter((o) => categoryCodes(o).includes('vital-signs'));
    const panels = vitals.filter((o) => codings(o)[0]!.code === '85354-9');
    // Assess
    for (const code of ['85354-9', '8867-4', '29463-7', '8302-2', '39156-5']) expect(vitals.filter((o) => codings(o)[0]!.code === code)).toHaveLength(4);
    for (const bp of panels) {
      const components = bp.component as { code: { coding: Coding[] }; valueQuantity: { value: number; code: string } }[];
      expect(components.map((c) => c.code.coding[0]!.code)).toEqual(['8480-6', '8462-4']);
      expect(components[0]!.valueQuantity.value).toBeGreaterThan(components[1]!.valueQuantity.value);
      expect(components.every((c) => c.valueQuantity.code === 'mm[Hg]')).toBe(true);
    }
  });

  it('uses the standard code systems for problems, medications, allergies, immunizations and procedures', async () => {
    // Prepare
    const { bundle } = await records();
    // Act
    const systemsOf = (type: string, element = 'code') => new Set(resources(bundle, type).map((r) => codings(r, element)[0]!.system));
    // Assess
    expect(systemsOf('Condition')).toEqual(new Set(['http://snomed.info/sct']));
    expect(resources(bundle, 'Condition').every((c) => codings(c).some((x) => x.system === 'http://hl7.org/fhir/sid/icd-10-cm'))).toBe(true);
    expect(systemsOf('MedicationRequest', 'medicationCodeableConcept')).toEqual(new Set(['http://www.nlm.nih.gov/research/umls/rxnorm']));
    expect(systemsOf('Immunization', 'vaccineCode')).toEqual(new Set(['http://hl7.org/fhir/sid/cvx']));
    expect(systemsOf('Procedure')).toEqual(new Set(['http://snomed.info/sct']));
    for (const a of resources(bundle, 'AllergyIntolerance')) expect(['http://snomed.info/sct', 'http://www.nlm.nih.gov/research/umls/rxnorm']).toContain(codings(a)[0]!.system);
    for (const e of resources(bundle, 'Encounter')) expect((e.class as Coding).code).toBe('AMB');
  });

  it('keeps encounters within the last two years and identifies the patient by MRN and the practice', async () => {
    // Prepare
    const { bundle } = await records();
    // Act
    const starts = resources(bundle, 'Encounter').map((e) => (e.period as { start: string }).start.slice(0, 10));
    const [patient] = resources(bundle, 'Patient');
    const identifier = (patient!.identifier as Json[])[0]!;
    // Assess
    expect(starts).toEqual([...starts].sort());
    expect(starts[0]! >= '2024-10-01' && starts[starts.length - 1]! < TODAY).toBe(true);
    expect(identifier).toMatchObject({ value: PATIENT.mrn, system: expect.stringMatching(/^urn:oid:2\.16\.840\.1\.113883\.19\.5\.\d+$/) });
    expect(referencesIn(identifier)).toEqual([`urn:uuid:${resources(bundle, 'Organization')[0]!.id}`]);
    expect((resources(bundle, 'Practitioner')[0]!.identifier as Json[])[0]).toEqual({ system: 'http://hl7.org/fhir/sid/us-npi', value: PRACTICE.clinician.npi });
  });

  it('carries the progress note as base64 text/plain', async () => {
    // Prepare
    const { bundle } = await records();
    // Act
    const [note] = resources(bundle, 'DocumentReference');
    const attachment = (note!.content as { attachment: { contentType: string; data: string } }[])[0]!.attachment;
    const text = Buffer.from(attachment.data, 'base64').toString('utf8');
    // Assess
    expect(attachment.contentType).toBe('text/plain');
    expect(codings(note!, 'type')[0]!.code).toBe('11506-3');
    expect(text).toContain('PROGRESS NOTE');
    expect(text).toContain(PATIENT.mrn);
  });

  it('survives a JSON round trip unchanged', async () => {
    // Prepare
    const history = buildDemoHistory(PATIENT, PRACTICE, { seed: 'seed-a', today: TODAY });
    const bundle = buildFhirBundle(history);
    // Act
    const copy = JSON.parse(JSON.stringify(bundle)) as unknown;
    // Assess
    expect(copy).toStrictEqual(bundle);
    expect((await records()).bundle).toStrictEqual(bundle);
  });

  it('never prescribes a penicillin to a patient allergic to penicillin', () => {
    // Prepare
    const seeds = Array.from({ length: 40 }, (_, i) => `coherence-${i}`);
    // Act
    const histories = seeds.map((seed) => buildDemoHistory(PATIENT, PRACTICE, { seed, today: TODAY, visits: 4 }));
    const allergic = histories.filter((h) => h.allergies.some((a) => a.code.code === '70618'));
    // Assess
    expect(allergic.length).toBeGreaterThan(0);
    for (const h of allergic) expect(h.medications.map((m) => m.code.display).join(' ')).not.toMatch(/amoxicillin|penicillin/i);
    for (const h of histories) expect(h.medications.every((m) => h.conditions.some((c) => c.id === m.conditionId))).toBe(true);
  });

  it('generates as many encounters as requested', () => {
    // Prepare
    const options = { seed: 'seed-a', today: TODAY, visits: 9 };
    // Act
    const history = buildDemoHistory(PATIENT, PRACTICE, options);
    // Assess
    expect(history.encounters).toHaveLength(9);
    expect(new Set(history.encounters.map((e) => e.date)).size).toBe(9);
    for (const e of history.encounters) expect([1, 2, 3, 4, 5]).toContain(new Date(`${e.date}T00:00:00Z`).getUTCDay());
  });
});

describe('C-CDA CCD', () => {
  it('is well-formed XML without DOCTYPE or entity declarations', async () => {
    // Prepare
    const { xml } = await records();
    // Act
    const validation = XMLValidator.validate(xml);
    // Assess
    expect(validation).toBe(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).not.toMatch(/<!DOCTYPE|<!ENTITY/i);
  });

  it('has the US Realm Header and CCD templates, the patient, author and custodian', async () => {
    // Prepare
    const { xml } = await records();
    // Act
    const doc = first(parseXml(xml), 'ClinicalDocument')!;
    const templates = kids(doc, 'templateId').map((t) => `${t['@_root']}|${t['@_extension'] ?? ''}`);
    const patientRole = first(first(doc, 'recordTarget'), 'patientRole')!;
    const custodianOrg = first(first(first(doc, 'custodian'), 'assignedCustodian'), 'representedCustodianOrganization')!;
    // Assess
    expect(doc['@_xmlns']).toBe('urn:hl7-org:v3');
    expect(first(doc, 'realmCode')!['@_code']).toBe('US');
    expect(first(doc, 'typeId')).toMatchObject({ '@_root': '2.16.840.1.113883.1.3', '@_extension': 'POCD_HD000040' });
    expect(templates).toEqual(expect.arrayContaining(['2.16.840.1.113883.10.20.22.1.1|2015-08-01', '2.16.840.1.113883.10.20.22.1.2|2015-08-01']));
    expect(first(doc, 'code')).toMatchObject({ '@_code': '34133-9', '@_codeSystem': '2.16.840.1.113883.6.1' });
    expect(first(patientRole, 'id')!['@_extension']).toBe(PATIENT.mrn);
    expect(kids(first(first(patientRole, 'patient'), 'name'), 'family')).toEqual([PATIENT.familyName]);
    expect(first(first(patientRole, 'patient'), 'birthTime')!['@_value']).toBe('19570930');
    expect(first(first(first(doc, 'author'), 'assignedAuthor'), 'id')).toMatchObject({ '@_root': '2.16.840.1.113883.4.6', '@_extension': PRACTICE.clinician.npi });
    expect(kids(custodianOrg, 'name')).toEqual([PRACTICE.name]);
  });

  it('has each required section with its templateId, LOINC code, narrative table and entries', async () => {
    // Prepare
    const { xml } = await records();
    // Act
    const doc = parseXml(xml);
    // Assess
    for (const spec of CCD_SECTIONS) {
      const section = sectionByCode(doc, spec.loinc);
      expect(section, spec.name).toBeDefined();
      expect(hasTemplate(section!, spec.template), spec.name).toBe(true);
      expect(first(first(first(section!, 'text'), 'table'), 'tbody'), spec.name).toBeDefined();
      expect(kids(section!, 'entry').length, spec.name).toBeGreaterThan(0);
    }
  });

  it('has the same numbers of problems, medications, allergies, results, immunizations, procedures and encounters as the FHIR bundle', async () => {
    // Prepare
    const { xml, bundle } = await records();
    const doc = parseXml(xml);
    // Act
    const count = (loinc: string, root: string) => entriesWith(sectionByCode(doc, loinc), root).length;
    const results = withTemplate(sectionByCode(doc, '30954-2'), '2.16.840.1.113883.10.20.22.4.2');
    // Assess
    expect(count('11450-4', '2.16.840.1.113883.10.20.22.4.3')).toBe(resources(bundle, 'Condition').length);
    expect(count('10160-0', '2.16.840.1.113883.10.20.22.4.16')).toBe(resources(bundle, 'MedicationRequest').length);
    expect(count('48765-2', '2.16.840.1.113883.10.20.22.4.30')).toBe(resources(bundle, 'AllergyIntolerance').length);
    expect(results).toHaveLength(labs(bundle).length);
    expect(count('11369-6', '2.16.840.1.113883.10.20.22.4.52')).toBe(resources(bundle, 'Immunization').length);
    expect(count('47519-4', '2.16.840.1.113883.10.20.22.4.14')).toBe(resources(bundle, 'Procedure').length);
    expect(count('46240-8', '2.16.840.1.113883.10.20.22.4.49')).toBe(resources(bundle, 'Encounter').length);
    expect(count('18776-5', '2.16.840.1.113883.10.20.22.4.121')).toBe(resources(bundle, 'Goal').length);
  });

  it('codes the same problems, medications, allergens and result values as the FHIR bundle', async () => {
    // Prepare
    const { xml, bundle } = await records();
    const doc = parseXml(xml);
    // Act
    const problemCodes = withTemplate(sectionByCode(doc, '11450-4'), '2.16.840.1.113883.10.20.22.4.4').map((o) => first(o, 'value')!);
    const medCodes = withTemplate(sectionByCode(doc, '10160-0'), '2.16.840.1.113883.10.20.22.4.23').map((p) => first(first(p, 'manufacturedMaterial'), 'code')!['@_code']);
    const allergenCodes = withTemplate(sectionByCode(doc, '48765-2'), '2.16.840.1.113883.10.20.22.4.7')
      .map((o) => first(first(first(first(o, 'participant'), 'participantRole'), 'playingEntity'), 'code')!['@_code']);
    const results = withTemplate(sectionByCode(doc, '30954-2'), '2.16.840.1.113883.10.20.22.4.2');
    // Assess
    expect(problemCodes.every((v) => v['@_xsi:type'] === 'CD' && v['@_codeSystem'] === '2.16.840.1.113883.6.96')).toBe(true);
    expect(problemCodes.map((v) => v['@_code']).sort()).toEqual(resources(bundle, 'Condition').map((c) => codings(c)[0]!.code).sort());
    expect(medCodes.sort()).toEqual(resources(bundle, 'MedicationRequest').map((m) => codings(m, 'medicationCodeableConcept')[0]!.code).sort());
    expect(allergenCodes.sort()).toEqual(resources(bundle, 'AllergyIntolerance').map((a) => codings(a)[0]!.code).sort());
    const ccdValues = results.map((o) => {
      const value = first(o, 'value')!;
      expect(value['@_xsi:type']).toBe('PQ');
      expect(first(o, 'effectiveTime')!['@_value']).toMatch(/^\d{14}\+0000$/);
      expect(first(first(first(o, 'referenceRange'), 'observationRange'), 'value')!['@_xsi:type']).toBe('IVL_PQ');
      return `${first(o, 'code')!['@_code']}|${Number(value['@_value'])}|${value['@_unit']}`;
    });
    const fhirValues = labs(bundle).map((o) => {
      const q = o.valueQuantity as { value: number; unit: string };
      return `${codings(o)[0]!.code}|${q.value}|${q.unit}`;
    });
    expect(ccdValues.sort()).toEqual(fhirValues.sort());
  });

  it('points every narrative reference at an element ID that exists', async () => {
    // Prepare
    const { xml } = await records();
    const doc = parseXml(xml);
    // Act
    const ids = new Set(attributesIn(doc, 'ID'));
    const references = attributesIn(doc, 'value').filter((v) => v.startsWith('#'));
    // Assess
    expect(references.length).toBeGreaterThan(50);
    expect(references.filter((r) => !ids.has(r.slice(1)))).toEqual([]);
    expect(ids.size).toBe(attributesIn(doc, 'ID').length);
  });
});

describe('PDF documents', () => {
  it('are PDFs pdf-lib can load, with fixed metadata', async () => {
    // Prepare
    const { pdfs } = await records();
    // Act
    const loaded = await Promise.all(pdfs.map((p) => PDFDocument.load(p.bytes, { updateMetadata: false })));
    // Assess
    expect(pdfs).toHaveLength(2);
    pdfs.forEach((p) => expect(Buffer.from(p.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-'));
    expect(loaded[0]!.getTitle()).toBe(`Visit summary: Sam Chen, ${pdfs[0]!.title.replace('Visit summary, ', '')}`);
    expect(loaded[0]!.getTitle()).toMatch(/^Visit summary: Sam Chen, [A-Z][a-z]{2} \d{1,2}, 20\d\d$/);
    expect(loaded[1]!.getTitle()).toMatch(/^Laboratory report: Sam Chen, /);
    for (const doc of loaded) {
      expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
      expect(doc.getProducer()).toBe('open-patient-portal demo record generator');
      expect(doc.getCreationDate()?.toISOString()).toBe(`${TODAY}T12:00:00.000Z`);
      expect(doc.getModificationDate()?.toISOString()).toBe(`${TODAY}T12:00:00.000Z`);
      expect(doc.getAuthor()).toBe('Dana Whitfield, Maple Grove Family Medicine');
    }
  });

  it('print the patient, the vitals and the results a person needs to read', async () => {
    // Prepare
    const history = buildDemoHistory(PATIENT, PRACTICE, { seed: 'seed-a', today: TODAY });
    const vitals = history.vitals[history.vitals.length - 1]!;
    // Act
    const summary = pdfText(await buildVisitSummaryPdf(history));
    const labReport = pdfText(await buildLabReportPdf(history));
    // Assess
    for (const text of [summary, labReport]) {
      expect(text).toContain('Maple Grove Family Medicine');
      expect(text).toContain('Patient: Sam Chen');
      expect(text).toContain(`MRN: ${PATIENT.mrn}`);
    }
    expect(summary).toContain('Visit Summary');
    expect(summary).toContain(`${vitals.systolic}/${vitals.diastolic} mm Hg`);
    expect(labReport).toContain('Laboratory Report');
    for (const lab of history.labs) expect(labReport).toContain(`${lab.value.toFixed(lab.decimals)} ${lab.unit}`);
    expect(labReport).toMatch(/originally reported as/);
  });

  it('paginate a long laboratory history', async () => {
    // Prepare
    const history = buildDemoHistory(PATIENT, PRACTICE, { seed: 'seed-a', today: TODAY, visits: 16 });
    // Act
    const bytes = await buildLabReportPdf(history);
    const doc = await PDFDocument.load(bytes);
    // Assess
    expect(doc.getPageCount()).toBeGreaterThan(1);
    expect(pdfText(bytes)).toContain(`Page ${doc.getPageCount()} of ${doc.getPageCount()}`);
  });
});

describe('names outside Latin-1', () => {
  it('build PDFs, folding what Helvetica cannot encode, while metadata keeps the real name', async () => {
    // Prepare
    const history = buildDemoHistory(UNICODE_PATIENT, AWKWARD_PRACTICE, { seed: 'seed-u', today: TODAY });
    // Act
    const summary = await buildVisitSummaryPdf(history);
    const labReport = await buildLabReportPdf(history);
    const loaded = await PDFDocument.load(summary);
    // Assess
    expect(loaded.getTitle()).toContain('Zoë Ñúñez-Łukasz');
    expect(pdfText(summary)).toContain('Patient: Zoë Ñúñez-Lukasz');
    expect(pdfText(labReport)).toContain('Smith & Søn <Clinic> "Lódz"');
    expect((await PDFDocument.load(labReport)).getPageCount()).toBeGreaterThanOrEqual(1);
  });

  it('are escaped in the CCD and read back unchanged', () => {
    // Prepare
    const history = buildDemoHistory(UNICODE_PATIENT, AWKWARD_PRACTICE, { seed: 'seed-u', today: TODAY });
    // Act
    const xml = buildCcd(history);
    const doc = first(parseXml(xml), 'ClinicalDocument')!;
    const patient = first(first(first(doc, 'recordTarget'), 'patientRole'), 'patient')!;
    const custodian = first(first(first(doc, 'custodian'), 'assignedCustodian'), 'representedCustodianOrganization')!;
    // Assess
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('Smith &amp; Søn &lt;Clinic&gt; &quot;Łódź&quot;');
    expect(kids(first(patient, 'name'), 'given')).toEqual(['Zoë']);
    expect(kids(first(patient, 'name'), 'family')).toEqual(['Ñúñez-Łukasz']);
    expect(first(patient, 'administrativeGenderCode')!['@_code']).toBe('UN');
    expect(kids(custodian, 'name')).toEqual(['Smith & Søn <Clinic> "Łódź"']);
  });

  it('give ASCII file names and a FHIR bundle with the names intact', async () => {
    // Prepare
    const patient = { ...UNICODE_PATIENT };
    // Act
    const { docs, bundle } = await records(patient, AWKWARD_PRACTICE, 'seed-u');
    // Assess
    expect(docs[0]!.filename).toMatch(/^nunez-lukasz-zoe-smith-son-clinic-lodz-/);
    expect((resources(bundle, 'Patient')[0]!.name as Json[])[0]).toMatchObject({ family: 'Ñúñez-Łukasz', given: ['Zoë'] });
  });

  it('fold to WinAnsi and escape XML at the helper level too', async () => {
    // Prepare
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    // Act
    const folded = toWinAnsi('Łukasz Zoë Ñúñez Dvořák 漢字 \u0007', font);
    const escaped = escapeXml('a<b & "c" \'d\' \u0001 \uD800');
    // Assess
    expect(folded).toBe('Lukasz Zoë Ñúñez Dvorák ?? ?');
    expect(escaped).toBe('a&lt;b &amp; &quot;c&quot; &apos;d&apos; \uFFFD \uFFFD');
  });
});
