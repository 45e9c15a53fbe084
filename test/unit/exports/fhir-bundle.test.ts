import { describe, expect, it } from 'vitest';
import { buildFhirBundle } from '../../../shared/exports/fhir-bundle';
import { validateR4 } from '../../../shared/ingest/r4-validator';
import type { FhirResource } from '../../../shared/ingest/types';
import { countOf, demoInput } from './support';

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
