import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/principal';
import { CreateCorrectionInput, CreateTransmissionInput } from '../../../shared/domain/schemas';
import { requestCorrection } from '../../../shared/usecases/corrections';
import {
  confirmTransmissionReceipt,
  createTransmission,
  downloadTransmissionFile,
  getMyTransmission,
  listMyTransmissions,
  listPatientTransmissions,
  openTransmission,
  revokeTransmission,
  unlockTransmission,
} from '../../../shared/usecases/transmissions';
import { memoryDeps, type TestDeps } from '../../support/memory';

const ctx = { requestId: 'r', sourceIp: '192.0.2.7' };
const DAY = 86_400_000;
const patient: Principal = { kind: 'patient', role: 'patient', accountId: 'acct-1', email: 'pat@example.com' };
const otherPatient: Principal = { kind: 'patient', role: 'patient', accountId: 'acct-2', email: 'other@example.com' };
const staff: Principal = { kind: 'staff', role: 'staff', accountId: 'staff-1', practiceId: 'pr-1', email: 's@p.example' };
const otherStaff: Principal = { kind: 'staff', role: 'staff', accountId: 'staff-9', practiceId: 'pr-2', email: 's@q.example' };
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function setup(): Promise<TestDeps> {
  const deps = memoryDeps();
  await deps.directory.putPractice({ practiceId: 'pr-1', name: 'Riverside Family Medicine' });
  await deps.directory.putPractice({ practiceId: 'pr-2', name: 'Hillside Clinic' });
  deps.directory.patients.set('pr-1#pt-1', { patientId: 'pt-1', practiceId: 'pr-1', mrn: 'MRN-1', givenName: 'Alex', familyName: 'Rivera', birthDate: '1990-01-01', createdAt: '', createdBy: '', accountId: 'acct-1' });
  deps.directory.links.set('acct-1#pr-1', { accountId: 'acct-1', practiceId: 'pr-1', patientId: 'pt-1', linkedAt: '' });
  deps.directory.patients.set('pr-2#pt-2', { patientId: 'pt-2', practiceId: 'pr-2', mrn: 'MRN-2', givenName: 'Sam', familyName: 'Lee', birthDate: '1980-01-01', createdAt: '', createdBy: '', accountId: 'acct-2' });
  deps.directory.links.set('acct-2#pr-2', { accountId: 'acct-2', practiceId: 'pr-2', patientId: 'pt-2', linkedAt: '' });
  const problem = (text: string, date: string) => ({ dataClass: 'problems' as const, dedupeKey: createHash('sha256').update(text).digest('hex').slice(0, 32), resource: { resourceType: 'Condition', code: { text }, onsetDateTime: date } });
  await deps.records.merge('pt-1', 'pr-1', 'doc-1', [problem('Asthma', '2024-03-01'), problem('Migraine', '2026-02-01')], new Date());
  await deps.records.merge('pt-2', 'pr-2', 'doc-2', [problem('Not-Alex-Problem', '2025-01-01')], new Date());
  const pdf = new TextEncoder().encode('%PDF-1.7 original bytes');
  await deps.blobs.put('patients/pt-1/doc-1', pdf, 'application/pdf');
  await deps.documents.put({ documentId: 'doc-1', patientId: 'pt-1', practiceId: 'pr-1', title: 'Visit summary', kind: 'pdf', contentType: 'application/pdf', size: pdf.byteLength, sha256: sha(pdf), date: '2026-02-01', objectKey: 'patients/pt-1/doc-1', createdAt: '', createdBy: 'staff-1', filename: 'visit summary.pdf' });
  await deps.documents.put({ documentId: 'doc-2', patientId: 'pt-2', practiceId: 'pr-2', title: 'Other', kind: 'pdf', contentType: 'application/pdf', size: 1, sha256: '0'.repeat(64), date: '2026-01-10', objectKey: 'k2', createdAt: '', createdBy: 'x' });
  return deps;
}

const input = (extra: Record<string, unknown> = {}) =>
  CreateTransmissionInput.parse({
    idempotencyKey: 'key-0000001',
    recipient: { name: 'Dr. Jane Smith', organisation: 'Lakeside Cardiology', email: 'jane@lakeside.example' },
    selection: { kind: 'everything' },
    formats: ['pdf', 'fhir', 'ccda', 'originals'],
    purpose: 'Continuing care',
    signature: { typedName: 'Alex Rivera', attestation: true },
    ...extra,
  });

/** The link token from the notice the recipient got. */
function tokenFrom(deps: TestDeps): string {
  const notice = deps.mailer.sent.find((m) => m.tag === 'transmission.sent')!;
  return /\/receive#([A-Za-z0-9_-]{43})/.exec(notice.text)![1]!;
}

const objectAt = (deps: TestDeps, url: string) => deps.blobs.objects.get(decodeURIComponent(url.replace(/^memory:\/\/get\//, '').replace(/\?.*$/, '')))!.body;

describe('a patient sends a copy', () => {
  it('assembles the package with a manifest whose hashes match the stored files, records a disclosure, and e-mails a link without PHI', async () => {
    const deps = await setup();

    const { view, replayed } = await createTransmission(deps, patient, input(), ctx);

    expect(replayed).toBe(false);
    expect(view.status).toBe('active');
    expect(view.accessCode).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(view.expiresAt).toBe(new Date(deps.clock.now().getTime() + 7 * DAY).toISOString());
    expect(view.manifest.map((f) => f.name)).toEqual(['health-record.pdf', 'health-record.fhir.json', 'health-record.ccd.xml', 'originals/001-visit-summary.pdf', 'manifest.json']);
    const prefix = `transmissions/${view.transmissionId}/`;
    for (const file of [...view.manifest, view.archive!]) expect(sha(deps.blobs.objects.get(`${prefix}${file.name}`)!.body)).toBe(file.sha256);
    const zip = unzipSync(deps.blobs.objects.get(`${prefix}health-records.zip`)!.body);
    expect(Object.keys(zip).sort()).toEqual(view.manifest.map((f) => f.name).sort());
    const bundle = new TextDecoder().decode(zip['health-record.fhir.json']);
    expect(bundle).toContain('Asthma');
    expect(bundle).not.toContain('Not-Alex-Problem');

    expect(deps.transmissions.disclosures).toEqual([
      expect.objectContaining({ patientId: 'pt-1', practiceId: 'pr-1', purpose: 'Continuing care', recipient: { name: 'Dr. Jane Smith', organisation: 'Lakeside Cardiology', address: 'jane@lakeside.example' } }),
    ]);
    expect(deps.transmissions.disclosures[0]!.description).toBe('The whole record, as Readable PDF, FHIR R4 Bundle, C-CDA CCD, Original documents');
    const notice = deps.mailer.sent.find((m) => m.tag === 'transmission.sent')!;
    expect(notice.to).toBe('jane@lakeside.example');
    expect(notice.text).toContain('https://portal.test/receive#');
    expect(notice.text).toContain('access code');
    for (const phi of ['Alex', 'Rivera', 'Asthma', 'Riverside', view.accessCode!.replace('-', '')]) expect(`${notice.subject} ${notice.text}`).not.toContain(phi);
    expect((await getMyTransmission(deps, patient, view.transmissionId, ctx)).events.map((e) => e.kind)).toEqual(['created', 'emailed']);
    expect(deps.audit.all().filter((e) => e.action === 'transmission.create').map((e) => e.patientId)).toEqual(['pt-1']);
  });

  it('creates one transmission per idempotency key, answering a retry with the same one and its code', async () => {
    const deps = await setup();
    const first = await createTransmission(deps, patient, input(), ctx);

    const again = await createTransmission(deps, patient, input(), ctx);

    expect(again.replayed).toBe(true);
    expect(again.view.transmissionId).toBe(first.view.transmissionId);
    expect(again.view.accessCode).toBe(first.view.accessCode);
    expect(deps.transmissions.items.size).toBe(1);
    expect(deps.mailer.sent.filter((m) => m.tag === 'transmission.sent')).toHaveLength(1);
    await expect(createTransmission(deps, patient, input({ purpose: 'Something else' }), ctx)).rejects.toMatchObject({ status: 409, code: 'idempotency_key_reused' });
  });

  it('refuses records of another patient, an empty selection and inconsistent choices, and creates nothing', async () => {
    const deps = await setup();

    await expect(createTransmission(deps, patient, input({ selection: { kind: 'documents', documentIds: ['doc-2'] } }), ctx)).rejects.toMatchObject({ status: 404 });
    await expect(createTransmission(deps, patient, input({ selection: { kind: 'range', from: '1990-01-01', to: '1990-12-31' }, formats: ['originals'] }), ctx)).rejects.toMatchObject({ status: 400 });
    await expect(createTransmission(deps, patient, input({ formats: ['pdf'], recipient: { name: 'X', email: 'x@y.example', fhirServerUrl: 'https://fhir.example/r4' } }), ctx)).rejects.toMatchObject({ status: 400 });
    await expect(createTransmission(deps, staff, input(), ctx)).rejects.toMatchObject({ status: 403 });

    expect(deps.transmissions.items.size).toBe(0);
    expect(deps.transmissions.disclosures).toEqual([]);
    expect(deps.mailer.sent).toEqual([]);
    // A request refused after its key was claimed leaves the key usable for the corrected request.
    expect((await createTransmission(deps, patient, input(), ctx)).replayed).toBe(false);
    await expect(createTransmission(deps, patient, input({ idempotencyKey: 'key-0000009', selection: { kind: 'documents', documentIds: ['doc-1'] }, formats: ['originals', 'pdf'] }), ctx)).rejects.toMatchObject({ status: 400 });
  });

  it('validates the input at the edge', () => {
    const problem = (extra: Record<string, unknown>) => CreateTransmissionInput.safeParse({ ...input(), ...extra }).error?.issues[0]?.message;
    expect(problem({ expiresInDays: 31 })).toBe('Expiry must be at most 30 days.');
    expect(problem({ maxDownloads: 0 })).toBe('Allow at least 1 download.');
    expect(problem({ recipient: { name: 'X', email: 'not-an-address' } })).toBe('Enter a valid e-mail address.');
    expect(problem({ recipient: { name: 'X', email: 'x@y.example', fhirServerUrl: 'ftp://fhir.example' } })).toMatch(/must be a web address/);
    expect(problem({ selection: { kind: 'documents', documentIds: [] } })).toBe('Choose at least one document.');
    expect(problem({ selection: { kind: 'range', from: '2026-02-01', to: '2026-01-01' } })).toBe('From must be on or before To.');
    expect(problem({ signature: { typedName: 'Alex', attestation: false } })).toMatch(/Confirm that you direct/);
    expect(problem({ formats: [] })).toBe('Choose at least one format.');
  });

  it('sends a date range of the record only, and posts the FHIR Bundle to the server the patient named', async () => {
    const deps = await setup();

    const { view } = await createTransmission(deps, patient, input({ selection: { kind: 'range', from: '2026-01-01', to: '2026-12-31' }, formats: ['fhir'], delivery: 'email', recipient: { name: 'App', email: 'app@example.org', fhirServerUrl: 'https://fhir.example.org/r4' } }), ctx);

    const bundle = new TextDecoder().decode(deps.blobs.objects.get(`transmissions/${view.transmissionId}/health-record.fhir.json`)!.body);
    expect(bundle).toContain('Migraine');
    expect(bundle).not.toContain('Asthma');
    expect(view.accessCode).toBeUndefined();
    expect(deps.fhirPusher.sent.map((s) => s.url)).toEqual(['https://fhir.example.org/r4']);
    expect(new TextDecoder().decode(deps.fhirPusher.sent[0]!.bundle)).toBe(bundle);
    expect(view.events.map((e) => `${e.kind}${e.detail ? ` ${e.detail}` : ''}`)).toEqual(['created', 'emailed', 'fhir-sent HTTP 201']);
  });
});

describe('a package of originals only', () => {
  it('carries the correction requests about its documents in a file of its own', async () => {
    const deps = await setup();
    await requestCorrection(deps, patient, CreateCorrectionInput.parse({ target: { kind: 'document', documentId: 'doc-1' }, whatIsWrong: 'The visit date is wrong.', shouldSay: 'Feb 2, 2026.', reason: 'I was away on the 1st.' }), ctx);

    const { view } = await createTransmission(deps, patient, input({ selection: { kind: 'documents', documentIds: ['doc-1'] }, formats: ['originals'] }), ctx);

    expect(view.manifest.map((f) => f.name)).toEqual(['originals/001-visit-summary.pdf', 'corrections-and-amendments.txt', 'manifest.json']);
    const text = new TextDecoder().decode(deps.blobs.objects.get(`transmissions/${view.transmissionId}/corrections-and-amendments.txt`)!.body);
    expect(text).toContain('The visit date is wrong.');
    expect(sha(new TextEncoder().encode(text))).toBe(view.manifest[1]!.sha256);
  });
});

describe('the recipient', () => {
  it('sees nothing before the right code, locks the link after five wrong ones', async () => {
    const deps = await setup();
    await createTransmission(deps, patient, input(), ctx);
    const token = tokenFrom(deps);

    const opened = await openTransmission(deps, token, ctx);
    expect(opened).toEqual({ status: 'code-required' });
    for (let i = 1; i <= 4; i++) await expect(unlockTransmission(deps, token, 'AAAAA-AAAAA', ctx)).rejects.toMatchObject({ status: 403, message: expect.stringContaining(`${5 - i} tr`) });
    await expect(unlockTransmission(deps, token, 'AAAAA-AAAAA', ctx)).rejects.toMatchObject({ status: 410, code: 'link_locked' });
    await expect(openTransmission(deps, token, ctx)).rejects.toMatchObject({ status: 410 });
    deps.clock.advance(1000);
    const { view } = await createTransmission(deps, patient, input({ idempotencyKey: 'key-0000002' }), ctx);
    expect(view.status).toBe('active');
    expect((await listMyTransmissions(deps, patient, { limit: 25 }, ctx)).items.map((t) => t.status)).toEqual(['active', 'locked']);
  });

  it('with the right code sees who sent what, downloads byte-identical files within the limit, and confirms receipt', async () => {
    const deps = await setup();
    const { view } = await createTransmission(deps, patient, input({ maxDownloads: 2 }), ctx);
    const token = tokenFrom(deps);

    const opened = await unlockTransmission(deps, token, view.accessCode!.toLowerCase(), ctx);

    expect(opened.sender).toEqual({ name: 'Alex Rivera', signedAt: view.createdAt });
    expect(opened.files).toEqual(view.manifest);
    const pdf = await downloadTransmissionFile(deps, { token, session: opened.session, file: 'health-record.pdf' }, ctx);
    expect(sha(objectAt(deps, pdf.url))).toBe(view.manifest[0]!.sha256);
    const original = await downloadTransmissionFile(deps, { token, session: opened.session, file: 'originals/001-visit-summary.pdf' }, ctx);
    expect(original.filename).toBe('001-visit-summary.pdf');
    expect(new TextDecoder().decode(objectAt(deps, original.url))).toBe('%PDF-1.7 original bytes');
    await expect(downloadTransmissionFile(deps, { token, session: opened.session, file: 'manifest.json' }, ctx)).rejects.toMatchObject({ status: 410, code: 'link_exhausted' });
    await expect(downloadTransmissionFile(deps, { token, session: 'x'.repeat(43), file: 'manifest.json' }, ctx)).rejects.toMatchObject({ status: 410 });
    // With every download used, the recipient can still confirm what arrived.
    expect((await confirmTransmissionReceipt(deps, { token, session: opened.session }, ctx)).confirmedAt).toBeDefined();

    const mine = await getMyTransmission(deps, patient, view.transmissionId, ctx);
    expect(mine.status).toBe('exhausted');
    expect(mine.events.filter((e) => e.kind === 'downloaded').map((e) => e.detail)).toEqual(['health-record.pdf', 'originals/001-visit-summary.pdf']);
  });

  it('meets a clear 410 after expiry and after revocation, and a session that timed out must open the link again', async () => {
    const deps = await setup();
    const expiring = await createTransmission(deps, patient, input({ delivery: 'email', expiresInDays: 1 }), ctx);
    const expiringToken = tokenFrom(deps);
    const open = await openTransmission(deps, expiringToken, ctx);
    if (open.status !== 'open') throw new Error('expected an open package');
    deps.clock.advance(31 * 60 * 1000);
    await expect(downloadTransmissionFile(deps, { token: expiringToken, session: open.package.session, file: 'manifest.json' }, ctx)).rejects.toMatchObject({ status: 401, code: 'session_expired' });
    await confirmTransmissionReceipt(deps, { token: expiringToken, session: (await openTransmission(deps, expiringToken, ctx) as { package: { session: string } }).package.session }, ctx);
    expect((await getMyTransmission(deps, patient, expiring.view.transmissionId, ctx)).confirmedAt).toBeDefined();
    deps.clock.advance(DAY);
    await expect(openTransmission(deps, expiringToken, ctx)).rejects.toMatchObject({ status: 410, code: 'link_expired' });

    deps.mailer.sent = [];
    const revoked = await createTransmission(deps, patient, input({ idempotencyKey: 'key-0000003', delivery: 'email' }), ctx);
    const revokedToken = tokenFrom(deps);
    await expect(revokeTransmission(deps, otherPatient, revoked.view.transmissionId, ctx)).rejects.toMatchObject({ status: 404 });
    expect((await revokeTransmission(deps, patient, revoked.view.transmissionId, ctx)).status).toBe('revoked');
    const gone = await openTransmission(deps, revokedToken, ctx).catch((e: Error) => e);
    expect(gone).toMatchObject({ status: 410, code: 'link_revoked' });
    expect(JSON.stringify(gone)).not.toMatch(/Alex|Rivera|Lakeside/);
    await expect(openTransmission(deps, 'A'.repeat(43), ctx)).rejects.toMatchObject({ status: 404 });
  });
});

describe('the practice', () => {
  it('sees the directives that drew on its patient, and nobody else’s', async () => {
    const deps = await setup();
    const { view } = await createTransmission(deps, patient, input({ delivery: 'email' }), ctx);

    const listed = await listPatientTransmissions(deps, staff, 'pt-1', { limit: 25 }, ctx);

    expect(listed.items.map((t) => [t.transmissionId, t.recipient.name, t.status])).toEqual([[view.transmissionId, 'Dr. Jane Smith', 'active']]);
    await expect(listPatientTransmissions(deps, otherStaff, 'pt-1', { limit: 25 }, ctx)).rejects.toMatchObject({ status: 404 });
    await expect(listPatientTransmissions(deps, patient, 'pt-1', { limit: 25 }, ctx)).rejects.toMatchObject({ status: 403 });
    await expect(getMyTransmission(deps, otherPatient, view.transmissionId, ctx)).rejects.toMatchObject({ status: 404 });
  });
});
