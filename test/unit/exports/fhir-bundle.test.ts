import { describe, expect, it } from 'vitest';
import { AMENDED_TAG, buildFhirBundle, CORRECTION_CODE_SYSTEM } from '../../../shared/exports/fhir-bundle';
import { validateR4 } from '../../../shared/ingest/r4-validator';
import type { FhirResource } from '../../../shared/ingest/types';
import { countOf, demoInput, inputWithCorrections } from './support';

type Json = Record<string, any>;

function references(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => references(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else references(v, out);
    }
  }
  return out;
}

describe('the FHIR export: a collection Bundle of the record', () => {
  it('is valid R4, has every item and a Patient with a unique urn:uuid fullUrl each, and no reference points outside it', async () => {
    const input = await demoInput();

    const { bundle, itemCount } = buildFhirBundle(input);

    expect(validateR4(bundle)).toBeUndefined();
    const entries = (bundle as Json).entry as Json[];
    expect(bundle.type).toBe('collection');
    expect(itemCount).toBe(input.items.length);
    expect(entries).toHaveLength(input.items.length + 1);
    const urls = entries.map((e) => e.fullUrl);
    expect(new Set(urls).size).toBe(urls.length);
    for (const e of entries) expect(e.fullUrl).toBe(`urn:uuid:${e.resource.id}`);
    expect(entries.filter((e) => e.resource.resourceType === 'Condition')).toHaveLength(countOf(input.items, 'problems'));
    for (const ref of references(entries.map((e) => e.resource))) expect(urls).toContain(ref);
  });

  it('keeps references between exported items and makes the rest display-only', async () => {
    const input = await demoInput();
    const reports = input.items.filter((i) => i.resource.resourceType === 'DiagnosticReport');
    expect(reports.length).toBeGreaterThan(0);
    const withoutObservations = { ...input, items: input.items.filter((i) => i.resource.resourceType !== 'Observation') };

    const full = buildFhirBundle(input).bundle as Json;
    const partial = buildFhirBundle(withoutObservations).bundle as Json;

    const report = (b: Json) => b.entry.find((e: Json) => e.resource.resourceType === 'DiagnosticReport').resource;
    const fullUrls = full.entry.map((e: Json) => e.fullUrl);
    expect(report(full).result.length).toBeGreaterThan(0);
    for (const r of report(full).result) expect(fullUrls).toContain(r.reference);
    for (const r of report(partial).result) {
      expect(r.reference).toBeUndefined();
      expect(r.display).toEqual(expect.any(String));
    }
    expect(validateR4(partial as FhirResource)).toBeUndefined();
    // Every item's subject is the registration's Patient in the file.
    const patientUrl = full.entry.find((e: Json) => e.resource.resourceType === 'Patient').fullUrl;
    const condition = full.entry.find((e: Json) => e.resource.resourceType === 'Condition').resource;
    expect(condition.subject.reference).toBe(patientUrl);
  });

  it('gives minimal items the subject R4 requires, and an empty export is still a valid Bundle', async () => {
    const bare = { patientId: 'patient-1', practiceId: 'practice-1', dataClass: 'problems' as const, itemKey: 'k1', resource: { resourceType: 'Condition', code: { text: 'Ελληνικά problem' } }, sources: ['d'], updatedAt: '2026-01-01T00:00:00Z' };
    const input = await demoInput({ items: [bare] });

    const one = buildFhirBundle(input).bundle;
    const none = buildFhirBundle({ ...input, items: [] });

    expect(validateR4(one)).toBeUndefined();
    expect(validateR4(none.bundle)).toBeUndefined();
    expect(none.itemCount).toBe(0);
    expect((none.bundle as Json).entry).toHaveLength(1);
  });
});

describe('the FHIR export: correction requests travel with the record', () => {
  const attachmentText = (doc: Json) => Buffer.from(doc.content[0].attachment.data, 'base64').toString('utf8');
  const correctionDocs = (bundle: Json) => bundle.entry.map((e: Json) => e.resource).filter((r: Json) => r.type?.coding?.[0]?.system === CORRECTION_CODE_SYSTEM);

  it('as one valid DocumentReference per request, each with every step in its text, related to what it is about', async () => {
    const { input, denied, accepted, documentOpen, lab } = await inputWithCorrections();

    const bundle = buildFhirBundle(input).bundle as Json;

    expect(validateR4(bundle as FhirResource)).toBeUndefined();
    const urls = bundle.entry.map((e: Json) => e.fullUrl);
    for (const ref of references(bundle.entry.map((e: Json) => e.resource))) expect(urls).toContain(ref);
    const docs = correctionDocs(bundle);
    expect(docs.map((d: Json) => d.identifier[0].value)).toEqual([denied.requestId, accepted.requestId, documentOpen.requestId]);
    const patientUrl = bundle.entry.find((e: Json) => e.resource.resourceType === 'Patient').fullUrl;
    for (const d of docs) {
      expect(d).toMatchObject({ resourceType: 'DocumentReference', status: 'current', subject: { reference: patientUrl }, author: [{ display: 'Export Practice' }], custodian: { display: 'Export Practice' } });
      expect(d.type.coding[0]).toEqual({ system: 'urn:portal:correction', code: 'amendment-request', display: 'Request for amendment of health information' });
      expect(d.content).toHaveLength(1);
      expect(d.content[0].attachment.contentType).toBe('text/plain; charset=utf-8');
      expect(d.description).toEqual(expect.any(String));
    }
    const [deniedDoc, acceptedDoc, documentDoc] = docs;
    expect(deniedDoc.date).toBe(denied.receivedAt);
    // The disputed lab result is in the file: the request points at it.
    const disputed = bundle.entry.find((e: Json) => e.fullUrl === deniedDoc.context.related[0].reference).resource;
    expect(disputed.resourceType).toBe('Observation');
    expect(disputed.code).toEqual((lab.resource as Json).code);
    expect(disputed.effectiveDateTime).toEqual((lab.resource as Json).effectiveDateTime);
    expect(documentDoc.context.related[0].identifier).toEqual({ system: 'urn:portal:document', value: 'doc-1' });
    const deniedText = attachmentText(deniedDoc);
    for (const part of [denied.whatIsWrong, denied.shouldSay, denied.reason, denied.extension!.reason, denied.disagreement!.statement, denied.rebuttal!.text, ...(denied.decision as { letter: string[] }).letter]) {
      expect(deniedText).toContain(part);
    }
    expect(attachmentText(acceptedDoc)).toContain((accepted.decision as { amendment: string }).amendment);
    expect(attachmentText(documentDoc)).toContain('has not answered yet');
  });

  it('tags the amended item and leaves it otherwise as it arrived; withdrawn requests and staff ids stay out', async () => {
    const { input, problem } = await inputWithCorrections();
    const plain = await demoInput();

    const withCorrections = buildFhirBundle(input).bundle as Json;
    const without = buildFhirBundle(plain).bundle as Json;

    const tagged = withCorrections.entry.filter((e: Json) => e.resource.meta?.tag?.some((t: Json) => t.code === 'amended'));
    expect(tagged).toHaveLength(1);
    const amended = tagged[0].resource;
    expect(amended.meta.tag).toContainEqual(AMENDED_TAG);
    expect(AMENDED_TAG).toEqual({ system: 'urn:portal:tag', code: 'amended', display: 'Amended' });
    expect(amended.resourceType).toBe(problem.resource.resourceType);
    const before = without.entry.find((e: Json) => e.fullUrl === tagged[0].fullUrl).resource;
    const { meta: metaAfter, ...restAfter } = amended;
    const { meta: metaBefore, ...restBefore } = before;
    expect(restAfter).toEqual(restBefore);
    expect(metaAfter.tag.filter((t: Json) => t.code !== 'amended')).toEqual(metaBefore.tag);
    const json = JSON.stringify(withCorrections);
    const decoded = correctionDocs(withCorrections).map(attachmentText).join('\n');
    for (const secret of ['WITHDRAWN-TEXT', 'staff-sub-secret', 'acct-secret-1', 'iris.private@example.com', 'someone.else@clinic.example']) {
      expect(json).not.toContain(secret);
      expect(decoded).not.toContain(secret);
    }
  });

  it('points at a disputed item left out of a date range by words only, and stays valid', async () => {
    const { input, denied } = await inputWithCorrections();
    const withoutLab = { ...input, items: input.items.filter((i) => i.itemKey !== (denied.target as { itemKey: string }).itemKey) };

    const bundle = buildFhirBundle(withoutLab).bundle as Json;

    expect(validateR4(bundle as FhirResource)).toBeUndefined();
    const deniedDoc = correctionDocs(bundle)[0];
    expect(deniedDoc.context.related[0]).toEqual({ display: `${denied.targetLabel} (not included in this export)` });
  });
});
