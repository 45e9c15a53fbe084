import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/principal';
import { ActivityQuery, CreateTransmissionInput, PracticeAuditQuery } from '../../../shared/domain/schemas';
import { csvCell, exportMyDisclosures, exportPracticeAudit, listMyActivity, listMyDisclosures, practiceAuditReport, verifyMyActivity } from '../../../shared/usecases/activity';
import { createTransmission } from '../../../shared/usecases/transmissions';
import { memoryDeps, type TestDeps } from '../../support/memory';

const ctx = { requestId: 'r', sourceIp: '192.0.2.9' };
const patient: Principal = { kind: 'patient', role: 'patient', accountId: 'acct-1', email: 'pat@example.com' };
const staff: Principal = { kind: 'staff', role: 'staff', accountId: 'staff-1', practiceId: 'pr-1', email: 'nurse@riverside.example' };
const admin: Principal = { kind: 'staff', role: 'admin', accountId: 'admin-1', practiceId: 'pr-1', email: 'admin@riverside.example' };
const otherAdmin: Principal = { kind: 'staff', role: 'admin', accountId: 'admin-9', practiceId: 'pr-2', email: 'admin@hillside.example' };

async function setup(): Promise<TestDeps> {
  const deps = memoryDeps();
  await deps.directory.putPractice({ practiceId: 'pr-1', name: 'Riverside Family Medicine' });
  deps.directory.patients.set('pr-1#pt-1', { patientId: 'pt-1', practiceId: 'pr-1', mrn: 'MRN-1', givenName: 'Alex', familyName: 'Rivera', birthDate: '1990-01-01', createdAt: '', createdBy: '', accountId: 'acct-1' });
  deps.directory.links.set('acct-1#pr-1', { accountId: 'acct-1', practiceId: 'pr-1', patientId: 'pt-1', linkedAt: '' });
  await deps.records.merge('pt-1', 'pr-1', 'doc-1', [{ dataClass: 'problems', dedupeKey: '0'.repeat(32), resource: { resourceType: 'Condition', code: { text: 'Asthma' }, onsetDateTime: '2024-03-01' } }], new Date());
  return deps;
}

describe('the patient’s activity', () => {
  it('names who did what: the patient, staff with their practice, the recipient and addressee of a copy, failed sign-ins', async () => {
    const deps = await setup();
    await deps.audit.append({ actor: { id: 'staff-1', role: 'staff', practiceId: 'pr-1', label: 'nurse@riverside.example' }, action: 'record.read', outcome: 'success', patientId: 'pt-1', practiceId: 'pr-1', resource: { type: 'record', id: 'lab-results' } });
    await deps.audit.append({ actor: { id: 'anonymous', role: 'anonymous' }, action: 'auth.sign-in', outcome: 'failure', accountId: 'acct-1', reason: 'invalid_credentials' });
    deps.clock.advance(60_000);
    await createTransmission(deps, patient, CreateTransmissionInput.parse({ idempotencyKey: 'key-00000001', recipient: { name: 'Dr. Jane Smith', email: 'jane@lakeside.example' }, selection: { kind: 'everything' }, formats: ['fhir'], purpose: 'Care', delivery: 'email', signature: { typedName: 'Alex Rivera', attestation: true } }), ctx);

    const page = await listMyActivity(deps, patient, ActivityQuery.parse({}), ctx);

    const rows = page.items.map((e) => [e.summary, e.who, e.detail ?? '']);
    expect(rows).toContainEqual(['Viewed your lab results', 'nurse@riverside.example, Riverside Family Medicine', '']);
    expect(rows).toContainEqual(['Signed in — failed', 'Someone signing in to your account', '']);
    expect(rows).toContainEqual(['Sent a copy of your records', 'You', 'To Dr. Jane Smith <jane@lakeside.example>']);
    expect(page.items.map((e) => e.at)).toEqual([...page.items.map((e) => e.at)].sort().reverse());
    // Reading the history is recorded too, in the account's chain.
    expect((await deps.audit.readChain('ACCOUNT#acct-1')).at(-1)?.action).toBe('audit.read');
  });

  it('filters by kind and date range', async () => {
    const deps = await setup();
    await deps.audit.append({ actor: { id: 'acct-1', role: 'patient' }, action: 'document.download', outcome: 'success', patientId: 'pt-1', practiceId: 'pr-1' });
    deps.clock.advance(3 * 86_400_000);
    await deps.audit.append({ actor: { id: 'acct-1', role: 'patient' }, action: 'record.read', outcome: 'success', patientId: 'pt-1', practiceId: 'pr-1', resource: { type: 'record', id: 'problems' } });

    const downloads = await listMyActivity(deps, patient, ActivityQuery.parse({ kind: 'download' }), ctx);
    const lastDay = await listMyActivity(deps, patient, ActivityQuery.parse({ from: '2026-11-25', to: '2026-11-25' }), ctx);

    expect(downloads.items.map((e) => e.action)).toEqual(['document.download']);
    // That day: the record view, and the patient's own look at their downloads just before.
    expect(lastDay.items.map((e) => e.action).sort()).toEqual(['audit.read', 'record.read']);
    expect(ActivityQuery.safeParse({ from: '2026-11-25', to: '2026-11-01' }).error?.issues[0]?.message).toBe('From must be on or before To.');
  });

  it('verifies each chain and reports a changed event', async () => {
    const deps = await setup();
    for (let i = 0; i < 3; i++) await deps.audit.append({ actor: { id: 'acct-1', role: 'patient' }, action: 'record.read', outcome: 'success', patientId: 'pt-1', practiceId: 'pr-1' });

    expect((await verifyMyActivity(deps, patient, ctx)).ok).toBe(true);
    deps.audit.chains.get('PATIENT#pt-1')![1]!.action = 'document.list';
    const tampered = await verifyMyActivity(deps, patient, ctx);

    expect(tampered.ok).toBe(false);
    expect(tampered.chains.find((c) => c.chain === 'PATIENT#pt-1')?.problems).toEqual([{ kind: 'changed', seq: 2 }]);
  });
});

describe('the accounting of disclosures', () => {
  it('lists each transmission with date, recipient and address, what and why, and exports it as CSV that a spreadsheet will not execute', async () => {
    const deps = await setup();
    await createTransmission(deps, patient, CreateTransmissionInput.parse({ idempotencyKey: 'key-00000002', recipient: { name: '=HYPERLINK("x")', organisation: 'Lakeside', email: 'jane@lakeside.example' }, selection: { kind: 'range', from: '2024-01-01', to: '2024-12-31' }, formats: ['pdf'], purpose: 'Second opinion', delivery: 'email', signature: { typedName: 'Alex Rivera', attestation: true } }), ctx);

    const { items } = await listMyDisclosures(deps, patient, ctx);
    const link = await exportMyDisclosures(deps, patient, 'csv', ctx);
    const pdf = await exportMyDisclosures(deps, patient, 'pdf', ctx);

    expect(items).toEqual([expect.objectContaining({ practiceName: 'Riverside Family Medicine', purpose: 'Second opinion', description: 'Records dated Jan 1, 2024 to Dec 31, 2024, as Readable PDF', recipient: { name: '=HYPERLINK("x")', organisation: 'Lakeside', address: 'jane@lakeside.example' } })]);
    const text = new TextDecoder().decode([...deps.blobs.objects.entries()].find(([k]) => k.endsWith(link.filename))![1].body);
    expect(text.split('\r\n')[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(pdf.contentType).toBe('application/pdf');
    expect(csvCell('-1+2')).toBe(`"'-1+2"`);
  });
});

describe('the practice audit report', () => {
  it('lists the practice’s events, including failed sign-ins and refusals, filtered and in either order, for admins only', async () => {
    const deps = await setup();
    await deps.audit.append({ actor: { id: 'anonymous', role: 'anonymous' }, action: 'auth.sign-in', outcome: 'failure', accountId: 'staff-1', practiceId: 'pr-1', reason: 'invalid_credentials', sourceIp: '198.51.100.4' });
    deps.clock.advance(1000);
    await deps.audit.append({ actor: { id: 'staff-1', role: 'staff', practiceId: 'pr-1' }, action: 'document.download', outcome: 'denied', reason: 'not_found' });
    deps.clock.advance(1000);
    await deps.audit.append({ actor: { id: 'staff-1', role: 'staff', practiceId: 'pr-1' }, action: 'document.download', outcome: 'success', patientId: 'pt-1', practiceId: 'pr-1' });

    const all = await practiceAuditReport(deps, admin, PracticeAuditQuery.parse({ order: 'asc' }), ctx);
    const refused = await practiceAuditReport(deps, admin, PracticeAuditQuery.parse({ outcome: 'denied' }), ctx);
    const ofPatient = await practiceAuditReport(deps, admin, PracticeAuditQuery.parse({ patientId: 'pt-1', action: 'document.' }), ctx);

    expect(all.items.slice(0, 3).map((r) => `${r.action}:${r.outcome}`)).toEqual(['auth.sign-in:failure', 'document.download:denied', 'document.download:success']);
    expect(all.items[0]!.sourceIp).toBe('198.51.100.4');
    expect(refused.items.map((r) => r.action)).toEqual(['document.download']);
    expect(ofPatient.items.map((r) => r.outcome)).toEqual(['success']);
    expect((await practiceAuditReport(deps, otherAdmin, PracticeAuditQuery.parse({}), ctx)).items.filter((r) => r.action !== 'audit.report')).toEqual([]);
    await expect(practiceAuditReport(deps, staff, PracticeAuditQuery.parse({}), ctx)).rejects.toMatchObject({ status: 403 });
    await expect(practiceAuditReport(deps, patient, PracticeAuditQuery.parse({}), ctx)).rejects.toMatchObject({ status: 403 });
    const csv = await exportPracticeAudit(deps, admin, PracticeAuditQuery.parse({ order: 'asc' }), ctx);
    const text = new TextDecoder().decode([...deps.blobs.objects.entries()].find(([k]) => k.endsWith(csv.filename))![1].body);
    expect(text.split('\r\n')[0]).toBe('"Time (UTC)","Action","Outcome","User id","User","Role","Patient id","Resource","Reason","Source IP","Detail","Event id"');
    expect(text).toContain('"auth.sign-in","failure"');
  });
});
