import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/principal';
import { CreateExportInput } from '../../../shared/domain/schemas';
import { createExport } from '../../../shared/usecases/exports';
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

describe('CreateExportInput', () => {
  it('accepts a format with an optional, ordered range of real dates', () => {
    expect(CreateExportInput.safeParse({ format: 'pdf', from: '2026-01-01', to: '2026-01-01' }).success).toBe(true);
    expect(CreateExportInput.safeParse({ format: 'pdf', from: '2026-02-01', to: '2026-01-01' }).success).toBe(false);
    expect(CreateExportInput.safeParse({ format: 'pdf', from: '2026-02-30' }).success).toBe(false);
    expect(CreateExportInput.safeParse({ format: 'docx' }).success).toBe(false);
    expect(CreateExportInput.safeParse({ format: 'fhir', patientId: 'pt-9' }).success).toBe(false);
  });
});
