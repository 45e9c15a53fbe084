import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DemoPatient, type DemoPractice, buildDemoHistory, generateDemoRecords } from '../../../shared/demo/generate';
import { mapCcda } from '../../../shared/ingest/ccda/map-ccda';
import { RejectedFileError, type ExtractedResource } from '../../../shared/ingest/types';
import { type XmlElement, childrenNamed, descendants, parseXmlSafely, path } from '../../../shared/ingest/xml';
import { FIXTURES_DIR, HAS_FIXTURES, fixtureFiles, skipNoticeIfMissing } from '../../support/fixtures';

type Json = Record<string, any>;

// ---- An independent count from the XML: entry templates by section code, not the mapper's traversal. ----

const TEMPLATES = {
  problems: ['2.16.840.1.113883.10.20.22.4.4', '2.16.840.1.113883.10.20.1.28'],
  medications: ['2.16.840.1.113883.10.20.22.4.16', '2.16.840.1.113883.10.20.1.24'],
  allergies: ['2.16.840.1.113883.10.20.22.4.7', '2.16.840.1.113883.10.20.1.18'],
  labs: ['2.16.840.1.113883.10.20.22.4.2', '2.16.840.1.113883.10.20.1.31', '2.16.840.1.113883.3.88.11.83.15.1'],
} as const;
const SECTION_CODES = {
  problems: ['11450-4'],
  medications: ['10160-0', '10183-2', '75311-1'],
  allergies: ['48765-2'],
  labs: ['30954-2'],
} as const;
const ELEMENT = { problems: 'observation', medications: 'substanceAdministration', allergies: 'observation', labs: 'observation' } as const;
/** SNOMED "no known ..." findings: absence statements, never items. */
const NO_KNOWN = new Set(['716186003', '409137002', '429625007', '428607008', '160245001']);

function countInXml(root: XmlElement, what: keyof typeof TEMPLATES): number {
  const sections = descendants(root, 'section').filter((s) => (SECTION_CODES[what] as readonly string[]).includes(path(s, 'code')?.attrs.code ?? ''));
  let n = 0;
  for (const section of sections) {
    for (const entry of childrenNamed(section, 'entry')) {
      for (const el of descendants(entry, ELEMENT[what])) {
        const templates = childrenNamed(el, 'templateId').map((t) => t.attrs.root);
        if (!templates.some((t) => (TEMPLATES[what] as readonly string[]).includes(t ?? ''))) continue;
        if (el.attrs.negationInd === 'true') continue;
        if (NO_KNOWN.has(path(el, 'value')?.attrs.code ?? '')) continue;
        // A result "observation" coded with the Results section's own code is a vendor's "no results" placeholder.
        if (what === 'labs' && path(el, 'code')?.attrs.code === '30954-2') continue;
        n++;
      }
    }
  }
  return n;
}

const byType = (resources: ExtractedResource[], type: string, dataClass?: string) =>
  resources.filter((r) => r.resource.resourceType === type && (!dataClass || r.dataClass === dataClass)).map((r) => r.resource as Json);
const mappedCounts = (resources: ExtractedResource[]) => ({
  problems: byType(resources, 'Condition', 'problems').length,
  medications: resources.filter((r) => r.dataClass === 'medications').length,
  allergies: byType(resources, 'AllergyIntolerance').length,
  labs: byType(resources, 'Observation', 'lab-results').length,
});

function assertEnvelope(resources: ExtractedResource[], documentId: string): void {
  const ids = resources.map((r) => `${r.resource.resourceType}/${r.resource.id}`);
  expect(new Set(ids).size).toBe(ids.length);
  for (const r of resources) {
    expect((r.resource.meta as Json | undefined)?.source).toBe(`urn:portal:document:${documentId}`);
    expect(r.resource.id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
    expect(r.dedupeKey.startsWith(`${r.resource.resourceType}|`)).toBe(true);
    expect(r.resource).not.toHaveProperty('subject');
  }
}

// ---- Third-party fixtures ----

skipNoticeIfMissing('C-CDA mapping of ../shared/fixtures/ccda');

/** Counts read by hand from each file (what a person sees in its narrative), to check the independent count too. */
const EXPECTED: Record<string, { problems: number; medications: number; allergies: number; labs: number }> = {
  'hl7-CCD1.xml': { problems: 4, medications: 2, allergies: 2, labs: 6 },
  'hl7-CDA_with_Embedded_PDF.xml': { problems: 0, medications: 0, allergies: 0, labs: 0 },
  'hl7-Discharge_Summary.xml': { problems: 2, medications: 1, allergies: 3, labs: 0 },
  'sample_ccdas-Kareo_CCD_export_Joey_Miller.ccd': { problems: 2, medications: 1, allergies: 1, labs: 0 },
  'sample_ccdas-NIST-CCDA_CCD_b1_Ambulatory_v2.xml': { problems: 2, medications: 2, allergies: 3, labs: 3 },
};

describe.skipIf(!HAS_FIXTURES)('mapCcda over the C-CDA fixtures', () => {
  const files = fixtureFiles('ccda');
  const load = (file: string) => {
    const root = parseXmlSafely(readFileSync(join(FIXTURES_DIR, 'ccda', file)));
    return { root, mapped: mapCcda(root, { documentId: `fixture-${file}` }) };
  };

  it('finds the fixture files', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  describe.each(files)('%s', (file) => {
    it('maps problems, medications, allergies and lab results to the counts in the XML', () => {
      // Prepare
      const { root, mapped } = load(file);
      // Act
      const counts = mappedCounts(mapped.resources);
      // Assess
      const independent = { problems: countInXml(root, 'problems'), medications: countInXml(root, 'medications'), allergies: countInXml(root, 'allergies'), labs: countInXml(root, 'labs') };
      expect(counts).toEqual(independent);
      if (EXPECTED[file]) expect(counts).toEqual(EXPECTED[file]);
    });

    it('gives every resource a unique id and meta.source, and no warning quotes content', () => {
      // Prepare
      const { mapped } = load(file);
      // Act / Assess
      assertEnvelope(mapped.resources, `fixture-${file}`);
      for (const w of mapped.warnings) expect(w).toMatch(/^(section [A-Za-z0-9.-]+(, entry \d+)?(, (component|observation|medication) \d+)?|nonXMLBody|body|header [a-zA-Z ]+\d*): /);
    });

    it('is deterministic: the same file and document id give the same ids and keys', () => {
      // Prepare / Act
      const a = load(file).mapped.resources;
      const b = load(file).mapped.resources;
      // Assess
      expect(b.map((r) => [r.resource.id, r.dedupeKey])).toEqual(a.map((r) => [r.resource.id, r.dedupeKey]));
    });

    it('gives lab results their units and reference ranges where the source has them', () => {
      // Prepare
      const { root, mapped } = load(file);
      const results = descendants(root, 'section').filter((s) => path(s, 'code')?.attrs.code === '30954-2');
      const sourceWithUnits = results.flatMap((s) => descendants(s, 'observation')).filter((o) => childrenNamed(o, 'templateId').some((t) => (TEMPLATES.labs as readonly string[]).includes(t.attrs.root ?? ''))
        && path(o, 'value')?.attrs.unit && path(o, 'value')?.attrs.value && path(o, 'code')?.attrs.code !== '30954-2');
      const sourceWithRanges = sourceWithUnits.filter((o) => path(o, 'referenceRange', 'observationRange'));
      // Act
      const labs = byType(mapped.resources, 'Observation', 'lab-results');
      // Assess
      expect(labs.filter((o) => o.valueQuantity?.unit && o.valueQuantity.system === 'http://unitsofmeasure.org').length).toBe(sourceWithUnits.length);
      expect(labs.filter((o) => o.referenceRange?.length).length).toBe(sourceWithRanges.length);
      for (const o of labs) {
        expect(o.category[0].coding[0].code).toBe('laboratory');
        expect(o.code.coding?.[0]?.system ?? o.code.text).toBeTruthy();
      }
    });
  });

  it('reads the header facts of the HL7 CCD, the discharge summary and the NIST CCD', () => {
    // Prepare / Act
    const ccd = load('hl7-CCD1.xml').mapped.facts;
    const discharge = load('hl7-Discharge_Summary.xml').mapped.facts;
    const nist = load('sample_ccdas-NIST-CCDA_CCD_b1_Ambulatory_v2.xml').mapped.facts;
    // Assess
    expect(ccd).toMatchObject({ title: 'Patient Chart Summary', date: '2013-08-15', patient: { givenName: 'Eve', familyName: 'Betterhalf', birthDate: '1975-05-01' } });
    expect(ccd.author).toContain('Primary');
    expect(discharge).toMatchObject({ title: 'Community Health and Hospitals: Discharge Summary', date: '2014-09-17', patient: { birthDate: '2005-05-01' } });
    expect(nist).toMatchObject({ title: 'Community Health and Hospitals: Health Summary', patient: { givenName: 'Myra', familyName: 'Jones', birthDate: '1947-05-01' } });
  });

  it('reads the HITSP C32 export (.ccd): literal "null" name parts and timestamps with fractions of a second', () => {
    // Prepare / Act
    const { facts, resources } = load('sample_ccdas-Kareo_CCD_export_Joey_Miller.ccd').mapped;
    // Assess
    expect(facts).toMatchObject({ date: '2014-05-31', patient: { givenName: 'JOEY', familyName: 'MILLER', birthDate: '1947-10-10' } });
    expect(facts.title).toBeUndefined();
    // The allergy has no substance code, only a narrative reference: its text comes from the narrative.
    expect(byType(resources, 'AllergyIntolerance')[0]!.code.text).toBe('sulfa drug');
  });

  it('turns the embedded PDF into a PDF DocumentReference whose bytes are a PDF', () => {
    // Prepare / Act
    const { resources } = load('hl7-CDA_with_Embedded_PDF.xml').mapped;
    // Assess
    const docs = byType(resources, 'DocumentReference', 'clinical-notes');
    const pdf = docs.find((d) => d.content[0].attachment.contentType === 'application/pdf');
    expect(pdf).toBeDefined();
    const bytes = Buffer.from(pdf!.content[0].attachment.data, 'base64');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf!.content[0].attachment.size).toBe(bytes.length);
  });

  it('keeps narrative-only sections of the discharge summary as text notes typed by section code', () => {
    // Prepare / Act
    const { resources } = load('hl7-Discharge_Summary.xml').mapped;
    // Assess
    const notes = byType(resources, 'DocumentReference', 'clinical-notes');
    const types = notes.map((n) => n.type.coding?.[0]?.code);
    expect(types).toEqual(expect.arrayContaining(['8648-8', '10164-2', '8653-8']));
    const course = notes.find((n) => n.type.coding?.[0]?.code === '8648-8')!;
    expect(course.category[0].coding[0].code).toBe('clinical-note');
    expect(course.content[0].attachment.contentType).toMatch(/^text\/plain/);
    expect(Buffer.from(course.content[0].attachment.data, 'base64').toString('utf8').length).toBeGreaterThan(20);
  });

  it('maps the CCD problem list with statuses, SNOMED codes and onset, and marks the not-given vaccines not-done', () => {
    // Prepare / Act
    const { resources } = load('hl7-CCD1.xml').mapped;
    // Assess
    const conditions = byType(resources, 'Condition', 'problems');
    expect(conditions.every((c) => c.category[0].coding[0].code === 'problem-list-item' && c.code.coding[0].system === 'http://snomed.info/sct')).toBe(true);
    expect(conditions.map((c) => c.onsetDateTime)).toEqual(['2013-07-03', '2007-04-14', '2007-04-17', '1998-03-10']);
    expect(conditions.map((c) => c.clinicalStatus.coding[0].code)).toEqual(['resolved', 'active', 'active', 'resolved']);
    const immunizations = byType(resources, 'Immunization');
    expect(immunizations.filter((i) => i.status === 'not-done')).toHaveLength(2);
    expect(immunizations.every((i) => i.vaccineCode.coding[0].system === 'http://hl7.org/fhir/sid/cvx')).toBe(true);
  });
});

// ---- The project's own demo CCD: runs without the fixtures folder ----

const PRACTICE: DemoPractice = {
  name: 'Maple Grove Family Medicine', phone: '(555) 010-2000',
  address: { line: '100 Example Way', city: 'Springfield', state: 'IL', postalCode: '62701' },
  clinician: { givenName: 'Dana', familyName: 'Whitfield', npi: '1234567893' },
};
const PATIENTS: DemoPatient[] = [
  { givenName: 'Sam', familyName: 'Chen', birthDate: '1957-09-30', gender: 'male', mrn: 'MG-100377' },
  { givenName: 'Ana', familyName: 'Ruiz', birthDate: '1990-02-14', gender: 'female', mrn: 'MG-100378' },
];

describe('mapCcda over the demo CCD', () => {
  describe.each(PATIENTS)('patient born $birthDate', (patient) => {
    const options = { seed: 'ccda-test', today: '2026-11-01', visits: 5 };
    const prepare = async () => {
      const docs = await generateDemoRecords(patient, PRACTICE, options);
      const ccd = docs.find((d) => d.kind === 'ccda' && d.contentType === 'application/xml')!;
      return { truth: buildDemoHistory(patient, PRACTICE, options), ccd, root: parseXmlSafely(ccd.bytes) };
    };

    it('maps as many problems, medications, allergies and lab results as the history has', async () => {
      // Prepare
      const { truth, root } = await prepare();
      // Act
      const { resources } = mapCcda(root, { documentId: 'demo-1' });
      // Assess
      expect(mappedCounts(resources)).toEqual({ problems: truth.conditions.length, medications: truth.medications.length, allergies: truth.allergies.length, labs: truth.labs.length });
      expect(byType(resources, 'DiagnosticReport')).toHaveLength(truth.labReports.length);
      // Each visit's vitals: one BP panel plus heart rate, weight, height and BMI.
      expect(byType(resources, 'Observation', 'vital-signs')).toHaveLength(truth.vitals.length * 5);
      expect(byType(resources, 'Immunization')).toHaveLength(truth.immunizations.length);
      expect(byType(resources, 'Procedure')).toHaveLength(truth.procedures.length);
      expect(byType(resources, 'Encounter')).toHaveLength(truth.encounters.length);
      expect(byType(resources, 'Goal')).toHaveLength(truth.goals.length);
      assertEnvelope(resources, 'demo-1');
    });

    it('reads the header facts the generator wrote', async () => {
      // Prepare
      const { ccd, root } = await prepare();
      // Act
      const { facts } = mapCcda(root, { documentId: 'demo-1' });
      // Assess
      expect(facts.title).toBe(`Continuity of Care Document: ${PRACTICE.name}`);
      // The header's effectiveTime is when the CCD was made (the generator's today), not the latest visit.
      expect(facts.date).toBe(options.today);
      expect(facts.patient).toEqual({ givenName: patient.givenName, familyName: patient.familyName, birthDate: patient.birthDate });
      expect(facts.author).toBe(ccd.author);
    });

    it('carries lab values, UCUM units, ranges, flags and the corrected result', async () => {
      // Prepare
      const { truth, root } = await prepare();
      // Act
      const labs = byType(mapCcda(root, { documentId: 'demo-1' }).resources, 'Observation', 'lab-results');
      // Assess
      for (const lab of truth.labs) {
        const o = labs.find((x) => x.code.coding[0].code === lab.code.code && x.effectiveDateTime?.startsWith(lab.date) && x.valueQuantity.value === lab.value);
        expect(o, `${lab.key} on ${lab.date}`).toBeDefined();
        expect(o!.valueQuantity).toMatchObject({ unit: lab.unit, system: 'http://unitsofmeasure.org' });
        expect(o!.referenceRange[0].high?.value).toBe(lab.range.high);
        expect(o!.referenceRange[0].low?.value).toBe(lab.range.low);
        expect(o!.interpretation[0].coding[0].code).toBe(lab.interpretation);
        expect(o!.status).toBe(lab.status);
      }
      expect(labs.filter((o) => o.status === 'corrected')).toHaveLength(1);
    });

    it('gives the same keys to the same items uploaded as another document, and different ids', async () => {
      // Prepare
      const { root } = await prepare();
      // Act
      const first = mapCcda(root, { documentId: 'upload-a' }).resources;
      const second = mapCcda(root, { documentId: 'upload-b' }).resources;
      // Assess
      expect(second.map((r) => r.dedupeKey)).toEqual(first.map((r) => r.dedupeKey));
      expect(second.some((r, i) => r.resource.id === first[i]!.resource.id)).toBe(false);
    });
  });
});

// ---- Small documents for the rules the fixtures do not exercise ----

const doc = (body: string) => parseXmlSafely(new TextEncoder().encode(
  `<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><title>T</title><effectiveTime value="20240102"/><component><structuredBody>${body}</structuredBody></component></ClinicalDocument>`));
const section = (code: string, text: string, entries: string) =>
  `<component><section><code code="${code}" codeSystem="2.16.840.1.113883.6.1"/><title>S</title><text>${text}</text>${entries}</section></component>`;

describe('mapCcda rules', () => {
  it('does not turn "no known allergies" or a negated problem into items', () => {
    // Prepare
    const root = doc(
      section('48765-2', 'No known allergies', `<entry><act classCode="ACT" moodCode="EVN"><statusCode code="active"/><entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN" negationInd="true"><code code="ASSERTION" codeSystem="2.16.840.1.113883.5.4"/><value xsi:type="CD" code="419199007" codeSystem="2.16.840.1.113883.6.96"/><participant typeCode="CSM"><participantRole><playingEntity><code nullFlavor="NA"/></playingEntity></participantRole></participant></observation></entryRelationship></act></entry>`)
      + section('11450-4', 'None', `<entry><act classCode="ACT" moodCode="EVN"><entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN"><value xsi:type="CD" nullFlavor="NI"/></observation></entryRelationship></act></entry>`));
    // Act
    const { resources } = mapCcda(root, { documentId: 'd' });
    // Assess
    expect(byType(resources, 'AllergyIntolerance')).toHaveLength(0);
    expect(byType(resources, 'Condition')).toHaveLength(0);
  });

  it('takes an uncoded entry\'s text from the narrative element its reference points to', () => {
    // Prepare
    const root = doc(section('11450-4', '<list><item ID="p1">Knee pain after a fall</item></list>',
      '<entry><observation classCode="OBS" moodCode="EVN"><id root="1.2.3" extension="9"/><value xsi:type="CD" nullFlavor="OTH"><originalText><reference value="#p1"/></originalText></value><effectiveTime><low value="202312"/></effectiveTime></observation></entry>'));
    // Act
    const { resources } = mapCcda(root, { documentId: 'd' });
    // Assess
    const [condition] = resources;
    expect(condition!.resource.code).toEqual({ text: 'Knee pain after a fall' });
    expect(condition!.resource.onsetDateTime).toBe('2023-12');
    expect(condition!.dedupeKey).toBe('Condition|1.2.3|9');
  });

  it('keeps timestamp precision, needs a zone for times, and maps unknown OIDs to urn:oid', () => {
    // Prepare
    const root = doc(section('30954-2', '', `<entry><observation classCode="OBS" moodCode="EVN"><code code="X1" codeSystem="1.2.840.99"/><statusCode code="completed"/><effectiveTime value="202401021530-0500"/><value xsi:type="ST">positive</value></observation></entry>`
      + `<entry><observation classCode="OBS" moodCode="EVN"><code code="X2" codeSystem="1.2.840.99"/><statusCode code="completed"/><effectiveTime value="202401021530"/><value xsi:type="CD" code="10828004" codeSystem="2.16.840.1.113883.6.96"/></observation></entry>`));
    // Act
    const labs = byType(mapCcda(root, { documentId: 'd' }).resources, 'Observation');
    // Assess
    expect(labs[0]).toMatchObject({ effectiveDateTime: '2024-01-02T15:30:00-05:00', valueString: 'positive', code: { coding: [{ system: 'urn:oid:1.2.840.99', code: 'X1' }] } });
    expect(labs[1]).toMatchObject({ effectiveDateTime: '2024-01-02', valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '10828004' }] } });
  });

  it('refuses XML that is not a ClinicalDocument', () => {
    // Prepare
    const root = parseXmlSafely(new TextEncoder().encode('<Bundle/>'));
    // Act / Assess
    expect(() => mapCcda(root, { documentId: 'd' })).toThrow(RejectedFileError);
  });

  it('warns with locations only when an embedded PDF is not a PDF', () => {
    // Prepare
    const root = parseXmlSafely(new TextEncoder().encode(`<ClinicalDocument xmlns="urn:hl7-org:v3"><component><nonXMLBody><text mediaType="application/pdf" representation="B64">${Buffer.from('<html>secret name</html>').toString('base64')}</text></nonXMLBody></component></ClinicalDocument>`));
    // Act
    const { resources, warnings } = mapCcda(root, { documentId: 'd' });
    // Assess
    expect(resources).toHaveLength(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^nonXMLBody: /);
    expect(warnings[0]).not.toContain('secret');
  });
});

