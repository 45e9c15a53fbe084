import { describe, expect, it } from 'vitest';
import { buildRecordCcd } from '../../../shared/exports/ccda';
import { ingestFile } from '../../../shared/ingest/ingest';
import { itemTitle } from '../../../shared/exports/model';
import { narrativeToText } from '../../../shared/ingest/ccda/narrative';
import { PORTAL_CORRECTIONS_TEMPLATE } from '../../../shared/ingest/ccda/sections/registry';
import { childrenNamed, descendants, parseXmlSafely, path, textContent } from '../../../shared/ingest/xml';
import { countOf, demoInput, flat, inputWithCorrections } from './support';

const count = (resources: { dataClass: string; resource: { resourceType: string } }[], dataClass: string, type?: string) =>
  resources.filter((r) => r.dataClass === dataClass && (!type || r.resource.resourceType === type)).length;

describe('the C-CDA export: a CCD of the record', () => {
  it('parses safely and carries the CCD header: templateIds, recordTarget, the portal as author, custodian', async () => {
    const input = await demoInput();

    const { xml } = buildRecordCcd(input);

    expect(xml).not.toMatch(/<!DOCTYPE/i);
    const root = parseXmlSafely(new TextEncoder().encode(xml));
    expect(root.name).toBe('ClinicalDocument');
    expect(root.attrs.xmlns).toBe('urn:hl7-org:v3');
    const templates = childrenNamed(root, 'templateId').map((t) => `${t.attrs.root}|${t.attrs.extension ?? ''}`);
    expect(templates).toEqual(expect.arrayContaining(['2.16.840.1.113883.10.20.22.1.1|2015-08-01', '2.16.840.1.113883.10.20.22.1.2|2015-08-01']));
    expect(path(root, 'recordTarget', 'patientRole', 'patient', 'name', 'family')?.text).toBe('Vale');
    expect(path(root, 'author', 'assignedAuthor', 'assignedAuthoringDevice')).toBeDefined();
    expect(path(root, 'custodian', 'assignedCustodian', 'representedCustodianOrganization', 'name')?.text).toBeTruthy();
    const sections = descendants(root, 'section');
    const codes = sections.map((s) => path(s, 'code')?.attrs.code);
    expect(codes).toEqual(expect.arrayContaining(['11450-4', '10160-0', '48765-2', '30954-2', '8716-3', '11369-6', '47519-4', '46240-8']));
    for (const s of sections.filter((x) => !x.attrs.nullFlavor)) {
      expect(childrenNamed(s, 'templateId').length).toBeGreaterThan(0);
      expect(path(s, 'text', 'table')).toBeDefined();
    }
  });

  it('round-trips through our own ingest with the same problems, medications, allergies and lab results', async () => {
    const input = await demoInput();

    const { xml } = buildRecordCcd(input);
    const result = await ingestFile(new TextEncoder().encode(xml), { documentId: 'roundtrip' });

    expect(result.kind).toBe('ccda');
    expect(count(result.resources, 'problems')).toBe(countOf(input.items, 'problems'));
    expect(count(result.resources, 'medications')).toBe(countOf(input.items, 'medications'));
    expect(count(result.resources, 'allergies')).toBe(countOf(input.items, 'allergies'));
    expect(count(result.resources, 'lab-results', 'Observation')).toBe(countOf(input.items, 'lab-results', 'Observation'));
    expect(countOf(input.items, 'lab-results', 'Observation')).toBeGreaterThan(0);
    // The codes survive: FHIR system URIs became OIDs and back.
    const problemCodes = (items: { resource: any }[]) => items.map((i) => i.resource.code?.coding?.[0]?.code).sort();
    expect(problemCodes(result.resources.filter((r) => r.dataClass === 'problems'))).toEqual(problemCodes(input.items.filter((i) => i.dataClass === 'problems')));
  });

  it('escapes markup in text and is still a CCD when the range holds nothing', async () => {
    const input = await demoInput();
    const hostile = { patientId: 'patient-1', practiceId: 'practice-1', dataClass: 'problems' as const, itemKey: 'x', date: '2026-01-01', resource: { resourceType: 'Condition', code: { text: '<script>&"\'</script> \u0001' } }, sources: [], updatedAt: '' };

    const escaped = buildRecordCcd({ ...input, items: [hostile] });
    const empty = buildRecordCcd({ ...input, items: [], from: '2030-01-01', to: '2030-12-31' });

    expect(escaped.xml).not.toContain('<script>');
    const back = await ingestFile(new TextEncoder().encode(escaped.xml), { documentId: 'x' });
    expect(back.resources.filter((r) => r.dataClass === 'problems').map((r) => (r.resource as any).code.text)).toEqual(['<script>&"\'</script> \uFFFD']);
    const emptyBack = await ingestFile(new TextEncoder().encode(empty.xml), { documentId: 'y' });
    expect(emptyBack.resources.filter((r) => ['problems', 'medications', 'allergies', 'lab-results'].includes(r.dataClass))).toHaveLength(0);
  });
});

describe('the C-CDA export: correction requests travel with the record', () => {
  it('adds a narrative section after the record with every step in words, the denial letter in full, and marks the amended item', async () => {
    const { input, denied, accepted, documentOpen, problem } = await inputWithCorrections();

    const { xml } = buildRecordCcd(input);

    expect(xml).not.toContain('<5 &');
    const root = parseXmlSafely(new TextEncoder().encode(xml));
    const top = childrenNamed(path(root, 'component', 'structuredBody'), 'component').map((c) => path(c, 'section')!);
    const section = top.at(-1)!;
    expect(path(section, 'title')?.text).toBe('Corrections and amendments');
    expect(path(section, 'code')).toBeUndefined();
    expect(childrenNamed(section, 'templateId').map((t) => t.attrs.root)).toEqual([PORTAL_CORRECTIONS_TEMPLATE]);
    expect(childrenNamed(section, 'entry')).toHaveLength(0);
    expect(descendants(path(section, 'text')!, 'tr').filter((tr) => path(tr, 'td'))).toHaveLength(3);
    const words = flat(narrativeToText(path(section, 'text')));
    const parts = [
      denied.whatIsWrong, denied.shouldSay, denied.reason, denied.extension!.reason, (denied.decision as { explanation: string }).explanation,
      denied.disagreement!.statement, denied.rebuttal!.text, ...(denied.decision as { letter: string[] }).letter,
      (accepted.decision as { amendment: string }).amendment, documentOpen.whatIsWrong, 'Request denied (2026-04-15)', 'Rebuttal by Export Practice (2026-05-10)',
    ];
    for (const part of parts) expect(words).toContain(flat(part));
    expect(words).not.toContain('WITHDRAWN-TEXT');
    expect(xml).not.toContain('staff-sub-secret');
    // The amended problem says so in its own section's table; its named cell (the entries' text) is as it arrived.
    const problems = top.find((s) => path(s, 'code')?.attrs.code === '11450-4')!;
    const amendedRow = descendants(problems, 'tr').find((tr) => textContent(tr).includes('(amended \u2014 see Corrections and amendments)'))!;
    expect(amendedRow).toBeDefined();
    expect(textContent(childrenNamed(amendedRow, 'td')[1])).toBe(itemTitle(problem.resource));
  });

  it('is read back by our own ingest with the same items as without the corrections: no items, no note from them', async () => {
    const { input } = await inputWithCorrections();

    const withCorrections = await ingestFile(new TextEncoder().encode(buildRecordCcd(input).xml), { documentId: 'a' });
    const without = await ingestFile(new TextEncoder().encode(buildRecordCcd({ ...input, corrections: [], items: input.items.map(({ amendedBy: _, ...i }) => i) }).xml), { documentId: 'a' });

    const summary = (r: typeof without) => r.resources.map((x) => `${x.dataClass}|${x.dedupeKey}`).sort();
    expect(summary(withCorrections)).toEqual(summary(without));
    expect(JSON.stringify(withCorrections.resources)).not.toContain('Request for amendment');
    expect(count(withCorrections.resources, 'problems')).toBe(countOf(input.items, 'problems'));
  });
});
