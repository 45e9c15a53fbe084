import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/principal';
import { CreateExportInput } from '../../../shared/domain/schemas';
import type { CorrectionRequest } from '../../../shared/domain/corrections';
import { acceptCorrection, denyCorrection, fileDisagreement, rebutDisagreement, requestCorrection, withdrawCorrection } from '../../../shared/usecases/corrections';
import { createExport } from '../../../shared/usecases/exports';
import { pdfText } from '../exports/support';
import { memoryDeps, type TestDeps } from '../../support/memory';

const ctx = { requestId: 'r', sourceIp: '192.0.2.1' };
const patient: Principal = { kind: 'patient', role: 'patient', accountId: 'acct-1', email: 'p@example.com' };
const staff: Principal = { kind: 'staff', role: 'staff', accountId: 'staff-1', practiceId: 'pr-1', email: 's@p.example' };

async function setup(): Promise<TestDeps> {
  const deps = memoryDeps();
  for (const [practiceId, patientId] of [['pr-1', 'pt-1'], ['pr-2', 'pt-2']] as const) {
    await deps.directory.putPractice({ practiceId, name: `Practice ${practiceId}` });
    deps.directory.patients.set(`${practiceId}#${patientId}`, { patientId, practiceId, mrn: 'M', givenName: 'Zoë', familyName: 'Öztürk', birthDate: '1990-01-01', createdAt: '', createdBy: '', accountId: 'acct-1' });
    deps.directory.links.set(`acct-1#${practiceId}`, { accountId: 'acct-1', practiceId, patientId, linkedAt: '' });
  }
  // Someone else's record, in the same store.
  deps.directory.patients.set('pr-1#pt-9', { patientId: 'pt-9', practiceId: 'pr-1', mrn: 'N', givenName: 'Other', familyName: 'Person', birthDate: '1980-01-01', createdAt: '', createdBy: '' });
  const problem = (text: string, onsetDateTime?: string) => ({ dataClass: 'problems' as const, dedupeKey: `Condition|${text}`, resource: { resourceType: 'Condition', code: { text }, ...(onsetDateTime ? { onsetDateTime } : {}) } });
  // More than one page of 100, across two registrations.
  await deps.records.merge('pt-1', 'pr-1', 'd1', Array.from({ length: 150 }, (_, i) => problem(`p1-${i}`, `2025-0${1 + (i % 6)}-10`)), new Date());
  await deps.records.merge('pt-2', 'pr-2', 'd2', [problem('p2-dated', '2026-03-01'), problem('p2-undated')], new Date());
  await deps.records.merge('pt-9', 'pr-1', 'd9', [problem('not-mine', '2025-01-10')], new Date());
  return deps;
}

const bodyOf = (deps: TestDeps, url: string) => {
  const key = decodeURIComponent(url.replace(/^memory:\/\/get\//, '').replace(/\?.*$/, ''));
  return deps.blobs.objects.get(key)!;
};

describe('createExport', () => {
  it('gathers every page of every registration in scope, stores the file under the account and answers a 5-minute link', async () => {
    const deps = await setup();

    const out = await createExport(deps, patient, { format: 'fhir' }, ctx);

    expect(out.itemCount).toBe(152);
    expect(out.filename).toBe('health-record-2026-11-22.json');
    expect(out.contentType).toBe('application/fhir+json');
    expect(new Date(out.expiresAt).getTime() - deps.clock.now().getTime()).toBe(5 * 60 * 1000);
    const [key] = [...deps.blobs.objects.keys()];
    expect(key).toMatch(/^exports\/acct-1\/[0-9a-f-]{36}\/health-record-2026-11-22\.json$/);
    const stored = bodyOf(deps, out.url);
    expect(out.size).toBe(stored.body.byteLength);
    expect(out.sha256).toBe(createHash('sha256').update(stored.body).digest('hex'));
    const text = Buffer.from(stored.body).toString('utf8');
    expect(text).not.toContain('not-mine');
    expect(text).toContain('p2-undated');
    // One audit event per registration, in each registration's chain.
    const events = deps.audit.all().filter((e) => e.action === 'record.export');
    expect(events.map((e) => e.patientId).sort()).toEqual(['pt-1', 'pt-2']);
    expect(events.every((e) => e.resource?.id === 'fhir' && e.outcome === 'success')).toBe(true);
  });

  it('keeps only items dated within the range, leaving undated ones out', async () => {
    const deps = await setup();

    const march = await createExport(deps, patient, { format: 'ccda', from: '2026-03-01', to: '2026-03-31' }, ctx);
    const none = await createExport(deps, patient, { format: 'pdf', from: '2030-01-01' }, ctx);

    expect(march.itemCount).toBe(1);
    const xml = Buffer.from(bodyOf(deps, march.url).body).toString('utf8');
    expect(xml).toContain('p2-dated');
    expect(xml).not.toContain('p2-undated');
    expect(none.itemCount).toBe(0);
    expect(Buffer.from(bodyOf(deps, none.url).body).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses staff', async () => {
    const deps = await setup();
    await expect(createExport(deps, staff, { format: 'fhir' }, ctx)).rejects.toMatchObject({ status: 403 });
    expect(deps.blobs.objects.size).toBe(0);
  });
});

describe('createExport: correction requests go with the record', () => {
  const staff2: Principal = { kind: 'staff', role: 'staff', accountId: 'staff-2', practiceId: 'pr-2', email: 's@p2.example' };
  const ask = (target: Parameters<typeof requestCorrection>[2]['target'], what: string) =>
    ({ target, whatIsWrong: what, shouldSay: `${what} should say`, reason: `${what} because`, notify: [] });
  const item = (deps: TestDeps, patientId: string, text: string) => [...deps.records.items.values()].find((i) => i.patientId === patientId && (i.resource as { code?: { text?: string } }).code?.text === text)!;

  /** Through the use cases: a denied request (with disagreement and rebuttal) about a March 2026 item, an accepted one about a 2025 item, a general one, a withdrawn one. */
  async function withRequests() {
    const deps = await setup();
    const march = item(deps, 'pt-2', 'p2-dated');
    const old = item(deps, 'pt-1', 'p1-0');
    const denied = await requestCorrection(deps, patient, ask({ kind: 'item', practiceId: 'pr-2', dataClass: 'problems', itemKey: march.itemKey }, 'DENIED-ASK'), ctx);
    await denyCorrection(deps, staff2, 'pt-2', denied.requestId, { ground: 'accurate-and-complete', explanation: 'DENIAL-EXPLANATION' }, ctx);
    await fileDisagreement(deps, patient, denied.requestId, 'DISAGREEMENT-STATEMENT', ctx);
    await rebutDisagreement(deps, staff2, 'pt-2', denied.requestId, 'REBUTTAL-TEXT', ctx);
    const accepted = await requestCorrection(deps, patient, ask({ kind: 'item', practiceId: 'pr-1', dataClass: 'problems', itemKey: old.itemKey }, 'ACCEPTED-ASK'), ctx);
    await acceptCorrection(deps, staff, 'pt-1', accepted.requestId, { amendment: 'AMENDMENT-TEXT' }, ctx);
    await requestCorrection(deps, patient, ask({ kind: 'general', practiceId: 'pr-1' }, 'GENERAL-ASK'), ctx);
    const withdrawn = await requestCorrection(deps, patient, ask({ kind: 'general', practiceId: 'pr-2' }, 'WITHDRAWN-ASK'), ctx);
    await withdrawCorrection(deps, patient, withdrawn.requestId, ctx);
    // Someone else's request, in the same store.
    const other = { ...(await deps.corrections.get('pt-2', denied.requestId))!, requestId: 'cr-000000000-ffffffffffffffff', patientId: 'pt-9', practiceId: 'pr-1', whatIsWrong: 'NOT-MINE' };
    await deps.corrections.create(other as CorrectionRequest);
    return deps;
  }

  it('carries every request of the scope but withdrawn ones, with every step, and tags the amended item', async () => {
    const deps = await withRequests();

    const out = await createExport(deps, patient, { format: 'fhir' }, ctx);

    const bundle = JSON.parse(Buffer.from(bodyOf(deps, out.url).body).toString('utf8'));
    const docs = bundle.entry.map((e: { resource: any }) => e.resource).filter((r: any) => r.type?.coding?.[0]?.system === 'urn:portal:correction');
    const texts = docs.map((d: any) => Buffer.from(d.content[0].attachment.data, 'base64').toString('utf8')).join('\n');
    expect(docs).toHaveLength(3);
    for (const part of ['DENIED-ASK', 'DENIAL-EXPLANATION', 'DISAGREEMENT-STATEMENT', 'REBUTTAL-TEXT', 'ACCEPTED-ASK', 'AMENDMENT-TEXT', 'GENERAL-ASK']) expect(texts).toContain(part);
    expect(texts).not.toContain('WITHDRAWN-ASK');
    expect(texts).not.toContain('NOT-MINE');
    expect(JSON.stringify(bundle)).not.toContain('staff-2');
    expect(texts).toContain('Practice pr-2');
    const amended = bundle.entry.filter((e: { resource: any }) => e.resource.meta?.tag?.some((t: any) => t.code === 'amended'));
    expect(amended.map((e: { resource: any }) => e.resource.code.text)).toEqual(['p1-0']);
    expect(out.itemCount).toBe(152);
  });

  it('reads every page of requests', async () => {
    const deps = await setup();
    const template = await requestCorrection(deps, patient, ask({ kind: 'general', practiceId: 'pr-1' }, 'PAGED'), ctx);
    const stored = (await deps.corrections.get('pt-1', template.requestId))!;
    for (let i = 0; i < 120; i++) await deps.corrections.create({ ...stored, requestId: `cr-${String(i).padStart(9, '0')}-${'0'.repeat(16)}`, whatIsWrong: `PAGED-${i}-END` });

    const out = await createExport(deps, patient, { format: 'fhir' }, ctx);

    const text = Buffer.from(bodyOf(deps, out.url).body).toString('utf8');
    const bundle = JSON.parse(text);
    expect(bundle.entry.filter((e: { resource: any }) => e.resource.type?.coding?.[0]?.system === 'urn:portal:correction')).toHaveLength(121);
  });

  it('for a date range: requests about items in it and every general request, not those about items outside it', async () => {
    const deps = await withRequests();

    const march = await createExport(deps, patient, { format: 'ccda', from: '2026-03-01', to: '2026-03-31' }, ctx);
    const pdf = await createExport(deps, patient, { format: 'pdf', from: '2030-01-01' }, ctx);

    const xml = Buffer.from(bodyOf(deps, march.url).body).toString('utf8');
    for (const part of ['Corrections and amendments', 'DENIED-ASK', 'DENIAL-EXPLANATION', 'DISAGREEMENT-STATEMENT', 'REBUTTAL-TEXT', 'GENERAL-ASK']) expect(xml).toContain(part);
    expect(xml).not.toContain('ACCEPTED-ASK');
    expect(xml).not.toContain('WITHDRAWN-ASK');
    expect(march.itemCount).toBe(1);
    // Nothing dated in range, yet the general request still goes with it.
    expect(pdf.itemCount).toBe(0);
    const pdfWords = pdfText(bodyOf(deps, pdf.url).body);
    expect(pdfWords).toContain('GENERAL-ASK');
    expect(pdfWords).toContain('Corrections and amendments: 1 request');
    expect(pdfWords).not.toContain('DENIED-ASK');
  });
});

describe('CreateExportInput', () => {
  it('accepts a format with an optional, ordered range of real dates', () => {
    expect(CreateExportInput.safeParse({ format: 'pdf', from: '2026-01-01', to: '2026-01-01' }).success).toBe(true);
    expect(CreateExportInput.safeParse({ format: 'pdf', from: '2026-02-01', to: '2026-01-01' }).success).toBe(false);
    expect(CreateExportInput.safeParse({ format: 'pdf', from: '2026-02-30' }).success).toBe(false);
    expect(CreateExportInput.safeParse({ format: 'docx' }).success).toBe(false);
    expect(CreateExportInput.safeParse({ format: 'fhir', patientId: 'pt-9' }).success).toBe(false);
  });
});
