/**
 * Who saw my records: every route that touches patient data (or an account's security) leaves exactly the audit
 * events it should, in the chains it should, when it succeeds and when it is refused. Each step is checked three
 * ways: every event written anywhere in the audit table during the step (nothing extra, nothing missing), the
 * count of each affected chain before and after, and each changed chain still verifying.
 *
 * Where the events go (shared/domain/audit.ts, shared/platform/http.ts):
 * - reads and changes of a registration's data: the patient's chain PATIENT#<patientId>, one per registration read;
 * - refusals (403/404/409/410/429) of a signed-in caller: the pipeline's 'denied' event in the caller's ACCOUNT chain;
 * - the caller's own account, sign-ins, activity: ACCOUNT#<sub>; a practice's lists: the staff member's ACCOUNT chain;
 * - recipients (no account): the patient's chains, actor role 'recipient'.
 *
 * The table of cases must name every route in shared/platform/routes.ts, either as a case or as an exclusion
 * with its reason, so a new route fails this file until someone decides how it is audited.
 */
import { randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditLog } from '../../shared/adapters/dynamodb/audit-log';
import { DynamoDocumentIndex } from '../../shared/adapters/dynamodb/document-index';
import { DynamoRecordStore } from '../../shared/adapters/dynamodb/record-store';
import { verifyChain, type AuditAction, type AuditActor, type AuditEvent, type AuditOutcome } from '../../shared/domain/audit';
import { systemClock } from '../../shared/ports/clock';
import { ROUTES } from '../../shared/platform/routes';
import { GROUPS, TABLES } from '../../shared/platform/resources';
import { latestMail, linksIn } from '../support/outbox';
import { PASSWORD, StackClient, type ApiResponse, type TestPractice } from '../support/stack-client';
import { totp } from '../support/totp';

const { url, ports } = inject('stack');
const api = new StackClient(url, ports);
const audit = new DynamoAuditLog(api.doc, TABLES.audit.localName, systemClock);

// ---- who is who ----

interface Who {
  id: string;
  role: AuditActor['role'];
  /** Staff only: the practice the pipeline names on their refusals. */
  practiceId?: string;
}
interface Registration {
  patientId: string;
  practiceId: string;
}
interface Patient extends Who {
  token: string;
  email: string;
}

function whoOf(idToken: string): Who {
  const claims = JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  const groups = (claims['cognito:groups'] as string[] | undefined) ?? [];
  if (groups.includes(GROUPS.admin)) return { id: String(claims.sub), role: 'admin', practiceId: String(claims['custom:practice_id']) };
  if (groups.includes(GROUPS.staff)) return { id: String(claims.sub), role: 'staff', practiceId: String(claims['custom:practice_id']) };
  return { id: String(claims.sub), role: 'patient' };
}

const DOB_A = '1971-04-09';
const DOB_B = '1988-12-30';
const DOB_C = '1979-06-21';

let p1: TestPractice;
let p2: TestPractice;
let p3: TestPractice;
let staff1: Who;
let admin1: Who;
let staff3: Who;
let admin3: Who;
/** Linked to p1 (a1) and p2 (a2): reads of their record land in both chains. */
let A: Patient;
let a1: Registration;
let a2: Registration;
let codeOfA2: string;
/** A second patient of p1. */
let B: Patient;
let b1: Registration;
/** Signed up at p1; registered at p2 with an invitation not used yet (the LinkPractice case). */
let C: Patient;
let c2: Registration & { code: string };
let documentOfA1: string;

/** Chains counted before and after every step, in addition to those a step expects. */
const watched = new Set<string>();
const watchAccount = (who: Who) => watched.add(`ACCOUNT#${who.id}`);
const watchPatient = (r: Registration) => watched.add(`PATIENT#${r.patientId}`);

// ---- expected events ----

/** What is checked of each event: what was done, by whom, to whom, with what result. */
interface Seen {
  chain: string;
  action: AuditAction;
  outcome: AuditOutcome;
  role: AuditActor['role'];
  actor: string;
  patientId?: string;
  practiceId?: string;
  resource?: string;
  reason?: string;
}

const seen = (e: AuditEvent): Seen => ({
  chain: e.chain,
  action: e.action,
  outcome: e.outcome,
  role: e.actor.role,
  actor: e.actor.id,
  patientId: e.patientId,
  practiceId: e.practiceId,
  resource: e.resource ? `${e.resource.type}/${e.resource.id}` : undefined,
  reason: e.reason,
});

interface Extra {
  resource?: string;
  outcome?: AuditOutcome;
  reason?: string;
}

/** An event in a registration's chain. */
const inPatient = (r: Registration, who: Who, action: AuditAction, extra: Extra = {}): Seen => ({
  chain: `PATIENT#${r.patientId}`,
  action,
  outcome: extra.outcome ?? 'success',
  role: who.role,
  actor: who.id,
  patientId: r.patientId,
  practiceId: r.practiceId,
  resource: extra.resource,
  reason: extra.reason,
});

/** The same event in each of A's two registrations' chains (one per registration read). */
const inBothOfA = (who: Who, action: AuditAction, extra: Extra = {}): Seen[] => [inPatient(a1, who, action, extra), inPatient(a2, who, action, extra)];

/** An event in the caller's own account chain. */
const inAccount = (who: Who, action: AuditAction, extra: Extra & { practiceId?: string } = {}): Seen => ({
  chain: `ACCOUNT#${who.id}`,
  action,
  outcome: extra.outcome ?? 'success',
  role: who.role,
  actor: who.id,
  practiceId: extra.practiceId,
  resource: extra.resource,
  reason: extra.reason,
});

/** The pipeline's refusal: in the caller's account chain, with the caller's practice for staff. */
const refused = (who: Who, action: AuditAction, reason: string): Seen => inAccount(who, action, { outcome: 'denied', reason, practiceId: who.practiceId });

const recipient = (transmissionId: string): Who => ({ id: `recipient:${transmissionId}`, role: 'recipient' });

// ---- reading the log ----

async function eventsSince(since: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await api.doc.send(
      new ScanCommand({
        TableName: TABLES.audit.localName,
        // Events only (the digest bookkeeping has no eventId), written since the step began.
        FilterExpression: 'attribute_exists(eventId) AND #at >= :since',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: { ':since': since },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    events.push(...((page.Items ?? []) as AuditEvent[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return events;
}

async function lengths(chains: Iterable<string>): Promise<Map<string, number>> {
  const entries = await Promise.all([...chains].map(async (chain) => [chain, (await audit.head(chain))?.seq ?? 0] as const));
  return new Map(entries);
}

const byContent = (events: Seen[]) => events.map((e) => JSON.parse(JSON.stringify(e)) as Seen).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));

/**
 * Runs one call and checks that it left exactly the expected events: everything written to the audit table while
 * it ran, and the length of every watched or expected chain before and after.
 */
async function audited<T extends ApiResponse>(label: string, call: () => Promise<T>, status: number, expected: (response: T) => Seen[]): Promise<T> {
  const before = await lengths(watched);
  const since = new Date().toISOString();
  const response = await call();
  expect(response.status, `${label}: ${JSON.stringify(response.body)}`).toBe(status);
  const want = expected(response);
  const got = await eventsSince(since);
  expect(byContent(got.map(seen)), label).toEqual(byContent(want));
  // A chain that was not watched before the call must be new (a registration made by it): it had no events.
  const chains = new Set([...watched, ...want.map((e) => e.chain)]);
  const after = await lengths(chains);
  for (const chain of chains) {
    expect((after.get(chain) ?? 0) - (before.get(chain) ?? 0), `${label}: new events in ${chain}`).toBe(want.filter((e) => e.chain === chain).length);
  }
  for (const chain of new Set(got.map((e) => e.chain))) expect(verifyChain(await audit.readChain(chain)).ok, `${label}: ${chain} verifies`).toBe(true);
  return response;
}

// ---- fixtures made through the API (their events happen before the steps that are checked) ----

async function signUp(practice: TestPractice, birthDate: string, names: { givenName: string; familyName: string }): Promise<{ patient: Patient; registration: Registration }> {
  const registered = await api.register(practice, { birthDate, ...names });
  const email = `audit-${randomUUID().slice(0, 8)}@test.example`;
  const response = await api.call('POST', '/api/auth/sign-up', { body: { email, password: PASSWORD, invitationCode: registered.invitation.code, birthDate } });
  expect(response.status).toBe(201);
  const token = response.body.tokens.idToken as string;
  return { patient: { ...whoOf(token), token, email }, registration: { patientId: registered.patient.patientId, practiceId: practice.practiceId } };
}

async function addDocument(r: Registration, title: string): Promise<string> {
  const documentId = randomUUID();
  await new DynamoDocumentIndex(api.doc, TABLES.main.localName).put({
    documentId,
    patientId: r.patientId,
    practiceId: r.practiceId,
    title,
    kind: 'pdf',
    contentType: 'application/pdf',
    size: 10,
    sha256: '0'.repeat(64),
    date: '2026-01-01',
    objectKey: `patients/${r.patientId}/x`,
    createdAt: new Date().toISOString(),
    createdBy: 'test',
  });
  return documentId;
}

async function newCorrection(): Promise<string> {
  const response = await api.call('POST', '/api/me/corrections', {
    token: A.token,
    body: { target: { kind: 'general', practiceId: p1.practiceId }, whatIsWrong: 'The allergy list misses penicillin.', shouldSay: 'Penicillin allergy.', reason: 'Since childhood.' },
  });
  expect(response.status).toBe(201);
  return response.body.requestId as string;
}

const correctionPath = (requestId: string, step = '') => `/api/practice/patients/${a1.patientId}/corrections/${requestId}${step}`;

async function deniedCorrection(): Promise<string> {
  const requestId = await newCorrection();
  expect((await api.call('POST', correctionPath(requestId, '/deny'), { token: p1.staff, body: { ground: 'accurate-and-complete', explanation: 'The record is accurate.' } })).status).toBe(200);
  return requestId;
}

const transmissionBody = (recipientEmail: string, delivery: 'email' | 'email-and-code', extra: Record<string, unknown> = {}) => ({
  idempotencyKey: `audit-${randomUUID()}`,
  recipient: { name: 'Dr Quinn Recipient', organisation: 'Harbour Clinic', email: recipientEmail },
  selection: { kind: 'everything' },
  formats: ['fhir'],
  purpose: 'Second opinion',
  delivery,
  signature: { typedName: 'Ada Audit', attestation: true },
  ...extra,
});

/** A transmission by A of everything (so drawing on both registrations), and the link's token from the outbox. */
async function newTransmission(delivery: 'email' | 'email-and-code' = 'email'): Promise<{ transmissionId: string; token: string; accessCode?: string }> {
  const since = new Date();
  const email = `rcpt-${randomUUID().slice(0, 8)}@recipient.example`;
  const created = await api.call('POST', '/api/me/transmissions', { token: A.token, body: transmissionBody(email, delivery) });
  expect(created.status).toBe(201);
  const mail = await latestMail(url, { to: email, tag: 'transmission.sent', since });
  const link = linksIn(mail).find((l) => l.includes('/receive#'))!;
  return { transmissionId: created.body.transmissionId, token: link.split('#')[1]!, accessCode: created.body.accessCode };
}

async function openedTransmission() {
  const t = await newTransmission('email');
  const opened = await api.call('POST', '/api/recipient/open', { body: { token: t.token } });
  expect(opened.body.status).toBe('open');
  return { ...t, session: opened.body.package.session as string };
}

const revoke = async (transmissionId: string) => expect((await api.call('POST', `/api/me/transmissions/${transmissionId}/revoke`, { token: A.token })).status).toBe(200);

async function pdfBytes(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage([200, 200]);
  return pdf.save();
}

/** A started upload for a1 with the bytes already in storage, ready to complete. */
async function stagedUpload(bytes: Uint8Array, contentType = 'application/pdf'): Promise<string> {
  const { createHash } = await import('node:crypto');
  const created = await api.call('POST', `/api/practice/patients/${a1.patientId}/uploads`, {
    token: p1.staff,
    body: { filename: 'letter.pdf', size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex'), contentType },
  });
  expect(created.status).toBe(201);
  const put = await fetch(created.body.url, { method: 'PUT', headers: created.body.headers, body: new Uint8Array(bytes) });
  expect(put.ok).toBe(true);
  return created.body.uploadId as string;
}

async function mfaStaff(): Promise<{ email: string; who: Who; accessToken: string }> {
  const email = `mfa-${randomUUID().slice(0, 8)}@test.example`;
  await api.createStaff(email, p3.practiceId, GROUPS.staff);
  const session = await api.signIn(email);
  return { email, who: whoOf(session.idToken), accessToken: session.accessToken };
}

beforeAll(async () => {
  p1 = await api.newPractice('Audit Practice One');
  p2 = await api.newPractice('Audit Practice Two');
  p3 = await api.newPractice('Audit Practice Outside');
  [staff1, admin1, staff3, admin3] = [whoOf(p1.staff), whoOf(p1.admin), whoOf(p3.staff), whoOf(p3.admin)];

  ({ patient: A, registration: a1 } = await signUp(p1, DOB_A, { givenName: 'Ada', familyName: 'Audit' }));
  const atP2 = await api.register(p2, { birthDate: DOB_A, givenName: 'Ada', familyName: 'Audit' });
  codeOfA2 = atP2.invitation.code;
  expect((await api.call('POST', '/api/me/links', { token: A.token, body: { invitationCode: codeOfA2, birthDate: DOB_A } })).status).toBe(201);
  a2 = { patientId: atP2.patient.patientId, practiceId: p2.practiceId };

  ({ patient: B, registration: b1 } = await signUp(p1, DOB_B, { givenName: 'Bo', familyName: 'Second' }));
  ({ patient: C } = await signUp(p1, DOB_C, { givenName: 'Cy', familyName: 'Linker' }));
  const cAtP2 = await api.register(p2, { birthDate: DOB_C, givenName: 'Cy', familyName: 'Linker' });
  c2 = { patientId: cAtP2.patient.patientId, practiceId: p2.practiceId, code: cAtP2.invitation.code };

  documentOfA1 = await addDocument(a1, 'Audit discharge letter');
  await addDocument(a2, 'Audit cardiology note');
  const records = new DynamoRecordStore(api.doc, TABLES.main.localName);
  const problem = (text: string) => ({ dataClass: 'problems' as const, dedupeKey: `Condition|${text}`, resource: { resourceType: 'Condition', code: { text } } });
  await records.merge(a1.patientId, a1.practiceId, documentOfA1, [problem('Audit asthma')], new Date());
  await records.merge(a2.patientId, a2.practiceId, randomUUID(), [problem('Audit arrhythmia')], new Date());

  for (const who of [staff1, admin1, staff3, admin3, A, B, C]) watchAccount(who);
  for (const r of [a1, a2, b1, c2]) watchPatient(r);
}, 120_000);

// ---- the table ----

/** Routes that leave no audit event by design, each with the reason. */
const EXCLUDED: Record<string, string> = {
  GetHealth: 'reports whether the backing services answer; no caller, no patient data',
  RefreshSession: 'new tokens for the session the refresh cookie already holds; no patient data (the sign-in it continues is audited)',
  SignOut: 'revokes the refresh token and clears the cookies; no patient data',
  StartMfaSetup: 'a TOTP secret for the caller’s own account; no patient data (enrolment itself is audited: FinishMfaSetup)',
};

/** Every other route: one successful call and at least one refused call, each with exactly its events. */
const cases: Record<string, () => Promise<void>> = {
  // -- sign-in and accounts: the account's chain (failures of someone else's sign-in too), sign-up in the patient's --
  SignIn: async () => {
    await audited('SignIn', () => api.call('POST', '/api/auth/sign-in', { body: { email: A.email, password: PASSWORD } }), 200, () => [inAccount(A, 'auth.sign-in')]);
    await audited('SignIn wrong password', () => api.call('POST', '/api/auth/sign-in', { body: { email: A.email, password: 'Wrong-Password-1!' } }), 401, () => [
      { ...inAccount(A, 'auth.sign-in', { outcome: 'failure', reason: 'invalid_credentials' }), role: 'anonymous', actor: 'anonymous' },
    ]);
  },
  AnswerMfaChallenge: async () => {
    const { email, who, accessToken } = await mfaStaff();
    watchAccount(who);
    const setup = await api.call('POST', '/api/auth/mfa/setup', { body: { accessToken } });
    expect((await api.call('POST', '/api/auth/mfa/verify', { body: { accessToken, code: totp(setup.body.secret) } })).status).toBe(200);
    // The password step alone is not a sign-in: nothing is recorded until the code is answered.
    const first = await audited('sign-in asking for a code', () => api.call('POST', '/api/auth/sign-in', { body: { email, password: PASSWORD } }), 200, () => []);
    expect(first.body.status).toBe('mfa-required');
    const wrong = totp(setup.body.secret) === '000000' ? '111111' : '000000';
    await audited('AnswerMfaChallenge wrong code', () => api.call('POST', '/api/auth/mfa', { body: { email, session: first.body.session, code: wrong } }), 401, () => [
      { ...inAccount(who, 'auth.mfa', { outcome: 'failure', reason: 'invalid_mfa_code', practiceId: p3.practiceId }), role: 'anonymous', actor: 'anonymous' },
    ]);
    const second = await api.call('POST', '/api/auth/sign-in', { body: { email, password: PASSWORD } });
    await audited('AnswerMfaChallenge', () => api.call('POST', '/api/auth/mfa', { body: { email, session: second.body.session, code: totp(setup.body.secret) } }), 200, () => [inAccount(who, 'auth.mfa')]);
  },
  FinishMfaSetup: async () => {
    const { who, accessToken } = await mfaStaff();
    watchAccount(who);
    const setup = await api.call('POST', '/api/auth/mfa/setup', { body: { accessToken } });
    const wrong = totp(setup.body.secret) === '000000' ? '111111' : '000000';
    // A wrong first code enables nothing and is the account owner's own mistake: not recorded.
    await audited('FinishMfaSetup wrong code', () => api.call('POST', '/api/auth/mfa/verify', { body: { accessToken, code: wrong } }), 401, () => []);
    await audited('FinishMfaSetup', () => api.call('POST', '/api/auth/mfa/verify', { body: { accessToken, code: totp(setup.body.secret) } }), 200, () => [inAccount(who, 'auth.mfa-enrol')]);
  },
  SignUpPatient: async () => {
    const registered = await api.register(p1, { birthDate: DOB_B, givenName: 'Dee', familyName: 'Joiner' });
    const d1 = { patientId: registered.patient.patientId, practiceId: p1.practiceId };
    watchPatient(d1);
    const code = registered.invitation.code;
    const anonymous: Who = { id: 'anonymous', role: 'anonymous' };
    const body = (birthDate: string) => ({ email: `dee-${randomUUID().slice(0, 8)}@test.example`, password: PASSWORD, invitationCode: code, birthDate });
    await audited('SignUpPatient wrong birth date', () => api.call('POST', '/api/auth/sign-up', { body: body('1988-12-31') }), 400, () => [inPatient(d1, anonymous, 'auth.sign-up', { outcome: 'denied', reason: 'invitation_invalid' })]);
    // An unknown code names nobody: there is no chain to record it in (the rate limit still counts it).
    await audited('SignUpPatient unknown code', () => api.call('POST', '/api/auth/sign-up', { body: { ...body(DOB_B), invitationCode: 'ZZZZ-ZZZZ-ZZZZ' } }), 400, () => []);
    await audited('SignUpPatient', () => api.call('POST', '/api/auth/sign-up', { body: body(DOB_B) }), 201, (r) => {
      const who = whoOf(r.body.tokens.idToken);
      return [inPatient(d1, who, 'auth.sign-up', { resource: `account/${who.id}` })];
    });
    await audited('SignUpPatient used code', () => api.call('POST', '/api/auth/sign-up', { body: body(DOB_B) }), 410, () => [inPatient(d1, anonymous, 'auth.sign-up', { outcome: 'denied', reason: 'invitation_used' })]);
  },
  GetMe: async () => {
    await audited('GetMe', () => api.call('GET', '/api/me', { token: A.token }), 200, () => [inAccount(A, 'account.read', { resource: `account/${A.id}` })]);
    // Every signed-in caller may read themselves: the only refusal is the authorizer's, before any handler runs.
    await audited('GetMe without a token', () => api.call('GET', '/api/me'), 401, () => []);
  },
  LinkPractice: async () => {
    await audited('LinkPractice', () => api.call('POST', '/api/me/links', { token: C.token, body: { invitationCode: c2.code, birthDate: DOB_C } }), 201, () => [
      inPatient(c2, C, 'account.link', { resource: `account/${C.id}` }),
    ]);
    // B tries A's used code with A's birth date: refused in B's account, and recorded in the registration it names.
    await audited('LinkPractice with another patient’s code', () => api.call('POST', '/api/me/links', { token: B.token, body: { invitationCode: codeOfA2, birthDate: DOB_A } }), 410, () => [
      refused(B, 'account.link', 'invitation_used'),
      inPatient(a2, B, 'account.link', { outcome: 'denied', reason: 'invitation_used' }),
    ]);
  },

  // -- the patient's record: one event per registration read --
  ListMyDocuments: async () => {
    await audited('ListMyDocuments', () => api.call('GET', '/api/me/documents', { token: A.token }), 200, () => inBothOfA(A, 'document.list'));
    await audited('ListMyDocuments of one practice', () => api.call('GET', `/api/me/documents?practiceId=${p2.practiceId}`, { token: A.token }), 200, () => [inPatient(a2, A, 'document.list')]);
    await audited('ListMyDocuments of an unlinked practice', () => api.call('GET', `/api/me/documents?practiceId=${p3.practiceId}`, { token: A.token }), 404, () => [refused(A, 'document.list', 'not_found')]);
  },
  DownloadMyDocument: async () => {
    await audited('DownloadMyDocument', () => api.call('GET', `/api/me/documents/${documentOfA1}/download`, { token: A.token }), 200, () => [
      inPatient(a1, A, 'document.download', { resource: `document/${documentOfA1}` }),
    ]);
    await audited('DownloadMyDocument of another patient', () => api.call('GET', `/api/me/documents/${documentOfA1}/download`, { token: B.token }), 404, () => [refused(B, 'document.download', 'not_found')]);
  },
  ListMyRecord: async () => {
    await audited('ListMyRecord', () => api.call('GET', '/api/me/record/problems', { token: A.token }), 200, () => inBothOfA(A, 'record.read', { resource: 'record/problems' }));
    await audited('ListMyRecord as staff', () => api.call('GET', '/api/me/record/problems', { token: p1.staff }), 403, () => [refused(staff1, 'record.read', 'forbidden')]);
  },
  CreateExport: async () => {
    await audited('CreateExport', () => api.call('POST', '/api/me/exports', { token: A.token, body: { format: 'fhir' } }), 201, () => inBothOfA(A, 'record.export', { resource: 'export/fhir' }));
    await audited('CreateExport as staff', () => api.call('POST', '/api/me/exports', { token: p1.staff, body: { format: 'fhir' } }), 403, () => [refused(staff1, 'record.export', 'forbidden')]);
  },

  // -- corrections --
  CreateCorrection: async () => {
    await audited(
      'CreateCorrection',
      () => api.call('POST', '/api/me/corrections', { token: A.token, body: { target: { kind: 'general', practiceId: p1.practiceId }, whatIsWrong: 'Wrong blood type.', shouldSay: 'O negative.', reason: 'Lab card.' } }),
      201,
      (r) => [inPatient(a1, A, 'correction.request', { resource: `correction/${r.body.requestId}` })],
    );
    const body = { target: { kind: 'document', documentId: documentOfA1 }, whatIsWrong: 'x', shouldSay: 'y', reason: 'z' };
    await audited('CreateCorrection of another patient’s document', () => api.call('POST', '/api/me/corrections', { token: B.token, body }), 404, () => [refused(B, 'correction.request', 'not_found')]);
  },
  ListMyCorrections: async () => {
    await audited('ListMyCorrections', () => api.call('GET', '/api/me/corrections', { token: A.token }), 200, () => inBothOfA(A, 'correction.list'));
    await audited('ListMyCorrections as staff', () => api.call('GET', '/api/me/corrections', { token: p1.staff }), 403, () => [refused(staff1, 'correction.list', 'forbidden')]);
  },
  GetMyCorrection: async () => {
    const requestId = await newCorrection();
    await audited('GetMyCorrection', () => api.call('GET', `/api/me/corrections/${requestId}`, { token: A.token }), 200, () => [inPatient(a1, A, 'correction.read', { resource: `correction/${requestId}` })]);
    await audited('GetMyCorrection of another patient', () => api.call('GET', `/api/me/corrections/${requestId}`, { token: B.token }), 404, () => [refused(B, 'correction.read', 'not_found')]);
  },
  WithdrawCorrection: async () => {
    const requestId = await newCorrection();
    await audited('WithdrawCorrection', () => api.call('POST', `/api/me/corrections/${requestId}/withdraw`, { token: A.token }), 200, () => [inPatient(a1, A, 'correction.withdraw', { resource: `correction/${requestId}` })]);
    await audited('WithdrawCorrection twice', () => api.call('POST', `/api/me/corrections/${requestId}/withdraw`, { token: A.token }), 409, () => [refused(A, 'correction.withdraw', 'correction_conflict')]);
    await audited('WithdrawCorrection of another patient', () => api.call('POST', `/api/me/corrections/${requestId}/withdraw`, { token: B.token }), 404, () => [refused(B, 'correction.withdraw', 'not_found')]);
  },
  FileDisagreement: async () => {
    const requestId = await deniedCorrection();
    const body = { statement: 'The record is wrong and I disagree.' };
    await audited('FileDisagreement', () => api.call('POST', `/api/me/corrections/${requestId}/disagreement`, { token: A.token, body }), 200, () => [inPatient(a1, A, 'correction.disagree', { resource: `correction/${requestId}` })]);
    await audited('FileDisagreement twice', () => api.call('POST', `/api/me/corrections/${requestId}/disagreement`, { token: A.token, body }), 409, () => [refused(A, 'correction.disagree', 'correction_conflict')]);
  },
  ListCorrectionQueue: async () => {
    // A list across the practice's patients: recorded in the staff member's account chain, not in each patient's.
    await audited('ListCorrectionQueue', () => api.call('GET', '/api/practice/corrections', { token: p1.staff }), 200, () => [inAccount(staff1, 'correction.list', { practiceId: p1.practiceId })]);
    await audited('ListCorrectionQueue as a patient', () => api.call('GET', '/api/practice/corrections', { token: A.token }), 403, () => [refused(A, 'correction.list', 'forbidden')]);
  },
  GetPracticeCorrection: async () => {
    const requestId = await newCorrection();
    await audited('GetPracticeCorrection', () => api.call('GET', correctionPath(requestId), { token: p1.staff }), 200, () => [inPatient(a1, staff1, 'correction.read', { resource: `correction/${requestId}` })]);
    await audited('GetPracticeCorrection by another practice', () => api.call('GET', correctionPath(requestId), { token: p3.staff }), 404, () => [refused(staff3, 'correction.read', 'not_found')]);
  },
  ExtendCorrection: async () => {
    const requestId = await newCorrection();
    const body = { reason: 'We need the hospital’s records.' };
    await audited('ExtendCorrection', () => api.call('POST', correctionPath(requestId, '/extend'), { token: p1.staff, body }), 200, () => [inPatient(a1, staff1, 'correction.extend', { resource: `correction/${requestId}` })]);
    await audited('ExtendCorrection twice', () => api.call('POST', correctionPath(requestId, '/extend'), { token: p1.staff, body }), 409, () => [refused(staff1, 'correction.extend', 'correction_conflict')]);
  },
  AcceptCorrection: async () => {
    const requestId = await newCorrection();
    const body = { amendment: 'Penicillin allergy added.' };
    await audited('AcceptCorrection by another practice', () => api.call('POST', correctionPath(requestId, '/accept'), { token: p3.staff, body }), 404, () => [refused(staff3, 'correction.accept', 'not_found')]);
    await audited('AcceptCorrection', () => api.call('POST', correctionPath(requestId, '/accept'), { token: p1.staff, body }), 200, () => [inPatient(a1, staff1, 'correction.accept', { resource: `correction/${requestId}` })]);
  },
  DenyCorrection: async () => {
    const requestId = await newCorrection();
    const body = { ground: 'accurate-and-complete', explanation: 'The record is accurate.' };
    await audited('DenyCorrection', () => api.call('POST', correctionPath(requestId, '/deny'), { token: p1.staff, body }), 200, () => [inPatient(a1, staff1, 'correction.deny', { resource: `correction/${requestId}` })]);
    await audited('DenyCorrection twice', () => api.call('POST', correctionPath(requestId, '/deny'), { token: p1.admin, body }), 409, () => [refused(admin1, 'correction.deny', 'correction_conflict')]);
  },
  RebutDisagreement: async () => {
    const requestId = await deniedCorrection();
    expect((await api.call('POST', `/api/me/corrections/${requestId}/disagreement`, { token: A.token, body: { statement: 'I disagree.' } })).status).toBe(200);
    const body = { text: 'We stand by the record.' };
    await audited('RebutDisagreement', () => api.call('POST', correctionPath(requestId, '/rebuttal'), { token: p1.staff, body }), 200, () => [inPatient(a1, staff1, 'correction.rebut', { resource: `correction/${requestId}` })]);
    await audited('RebutDisagreement twice', () => api.call('POST', correctionPath(requestId, '/rebuttal'), { token: p1.staff, body }), 409, () => [refused(staff1, 'correction.rebut', 'correction_conflict')]);
  },

  // -- copies sent: each registration the package draws on --
  CreateTransmission: async () => {
    const email = `rcpt-${randomUUID().slice(0, 8)}@recipient.example`;
    await audited('CreateTransmission', () => api.call('POST', '/api/me/transmissions', { token: A.token, body: transmissionBody(email, 'email') }), 201, (r) =>
      inBothOfA(A, 'transmission.create', { resource: `transmission/${r.body.transmissionId}` }),
    );
    const ofA = transmissionBody(email, 'email', { selection: { kind: 'documents', documentIds: [documentOfA1] }, formats: ['originals'] });
    await audited('CreateTransmission of another patient’s document', () => api.call('POST', '/api/me/transmissions', { token: B.token, body: ofA }), 404, () => [refused(B, 'transmission.create', 'not_found')]);
  },
  ListMyTransmissions: async () => {
    // Transmissions belong to the account that signed them: the list is recorded in the account's chain.
    await audited('ListMyTransmissions', () => api.call('GET', '/api/me/transmissions', { token: A.token }), 200, () => [inAccount(A, 'transmission.list', { resource: `account/${A.id}` })]);
    await audited('ListMyTransmissions as staff', () => api.call('GET', '/api/me/transmissions', { token: p1.staff }), 403, () => [refused(staff1, 'transmission.list', 'forbidden')]);
  },
  GetMyTransmission: async () => {
    const { transmissionId } = await newTransmission();
    await audited('GetMyTransmission', () => api.call('GET', `/api/me/transmissions/${transmissionId}`, { token: A.token }), 200, () => inBothOfA(A, 'transmission.read', { resource: `transmission/${transmissionId}` }));
    await audited('GetMyTransmission of another patient', () => api.call('GET', `/api/me/transmissions/${transmissionId}`, { token: B.token }), 404, () => [refused(B, 'transmission.read', 'not_found')]);
  },
  RevokeTransmission: async () => {
    const { transmissionId } = await newTransmission();
    await audited('RevokeTransmission', () => api.call('POST', `/api/me/transmissions/${transmissionId}/revoke`, { token: A.token }), 200, () => inBothOfA(A, 'transmission.revoke', { resource: `transmission/${transmissionId}` }));
    await audited('RevokeTransmission twice', () => api.call('POST', `/api/me/transmissions/${transmissionId}/revoke`, { token: A.token }), 409, () => [refused(A, 'transmission.revoke', 'transmission_ended')]);
  },
  ListPatientTransmissions: async () => {
    await audited('ListPatientTransmissions', () => api.call('GET', `/api/practice/patients/${a1.patientId}/transmissions`, { token: p1.staff }), 200, () => [inPatient(a1, staff1, 'transmission.list')]);
    await audited('ListPatientTransmissions by another practice', () => api.call('GET', `/api/practice/patients/${a1.patientId}/transmissions`, { token: p3.staff }), 404, () => [refused(staff3, 'transmission.list', 'not_found')]);
  },

  // -- recipients: no account; the patient's chains, actor role 'recipient' --
  OpenTransmission: async () => {
    const t = await newTransmission('email');
    await audited('OpenTransmission', () => api.call('POST', '/api/recipient/open', { body: { token: t.token } }), 200, () => inBothOfA(recipient(t.transmissionId), 'transmission.open', { resource: `transmission/${t.transmissionId}` }));
    await revoke(t.transmissionId);
    await audited('OpenTransmission after revocation', () => api.call('POST', '/api/recipient/open', { body: { token: t.token } }), 410, () =>
      inBothOfA(recipient(t.transmissionId), 'transmission.open', { resource: `transmission/${t.transmissionId}`, outcome: 'denied', reason: 'link-revoked' }),
    );
    // A made-up link names no transmission, so no patient: nothing to record.
    await audited('OpenTransmission with an unknown link', () => api.call('POST', '/api/recipient/open', { body: { token: 'A'.repeat(43) } }), 404, () => []);
  },
  UnlockTransmission: async () => {
    const t = await newTransmission('email-and-code');
    // Opening a link that needs a code shows nothing about the patient yet.
    await audited('OpenTransmission needing a code', () => api.call('POST', '/api/recipient/open', { body: { token: t.token } }), 200, () => []);
    await audited('UnlockTransmission wrong code', () => api.call('POST', '/api/recipient/unlock', { body: { token: t.token, code: 'ZZZZZ-ZZZZZ' } }), 403, () =>
      inBothOfA(recipient(t.transmissionId), 'transmission.open', { resource: `transmission/${t.transmissionId}`, outcome: 'denied', reason: 'wrong-code' }),
    );
    await audited('UnlockTransmission', () => api.call('POST', '/api/recipient/unlock', { body: { token: t.token, code: t.accessCode } }), 200, () =>
      inBothOfA(recipient(t.transmissionId), 'transmission.open', { resource: `transmission/${t.transmissionId}` }),
    );
  },
  DownloadTransmissionFile: async () => {
    const t = await openedTransmission();
    const body = { token: t.token, session: t.session, file: 'health-record.fhir.json' };
    await audited('DownloadTransmissionFile', () => api.call('POST', '/api/recipient/download', { body }), 200, () => inBothOfA(recipient(t.transmissionId), 'transmission.download', { resource: `transmission/${t.transmissionId}` }));
    await revoke(t.transmissionId);
    await audited('DownloadTransmissionFile after revocation', () => api.call('POST', '/api/recipient/download', { body }), 410, () =>
      inBothOfA(recipient(t.transmissionId), 'transmission.download', { resource: `transmission/${t.transmissionId}`, outcome: 'denied', reason: 'link-revoked' }),
    );
  },
  ConfirmTransmission: async () => {
    const t = await openedTransmission();
    const body = { token: t.token, session: t.session };
    await audited('ConfirmTransmission', () => api.call('POST', '/api/recipient/confirm', { body }), 200, () => inBothOfA(recipient(t.transmissionId), 'transmission.confirm', { resource: `transmission/${t.transmissionId}` }));
    await revoke(t.transmissionId);
    await audited('ConfirmTransmission after revocation', () => api.call('POST', '/api/recipient/confirm', { body }), 410, () =>
      inBothOfA(recipient(t.transmissionId), 'transmission.confirm', { resource: `transmission/${t.transmissionId}`, outcome: 'denied', reason: 'link-revoked' }),
    );
  },

  // -- the patient's history of their own record: the account's chain; the accounting of disclosures per registration --
  ListMyActivity: async () => {
    await audited('ListMyActivity', () => api.call('GET', '/api/me/activity', { token: A.token }), 200, () => [inAccount(A, 'audit.read', { resource: `activity/${A.id}` })]);
    await audited('ListMyActivity as staff', () => api.call('GET', '/api/me/activity', { token: p1.staff }), 403, () => [refused(staff1, 'audit.read', 'forbidden')]);
  },
  VerifyMyActivity: async () => {
    await audited('VerifyMyActivity', () => api.call('GET', '/api/me/activity/verify', { token: A.token }), 200, () => [inAccount(A, 'audit.verify', { resource: `activity/${A.id}` })]);
    await audited('VerifyMyActivity as an admin', () => api.call('GET', '/api/me/activity/verify', { token: p1.admin }), 403, () => [refused(admin1, 'audit.verify', 'forbidden')]);
  },
  ExportMyActivity: async () => {
    await audited('ExportMyActivity', () => api.call('POST', '/api/me/activity/export', { token: A.token }), 201, () => [inAccount(A, 'audit.export', { resource: 'activity/json' })]);
    await audited('ExportMyActivity as staff', () => api.call('POST', '/api/me/activity/export', { token: p1.staff }), 403, () => [refused(staff1, 'audit.export', 'forbidden')]);
  },
  ListMyDisclosures: async () => {
    await audited('ListMyDisclosures', () => api.call('GET', '/api/me/disclosures', { token: A.token }), 200, () => inBothOfA(A, 'audit.disclosures'));
    await audited('ListMyDisclosures as staff', () => api.call('GET', '/api/me/disclosures', { token: p1.staff }), 403, () => [refused(staff1, 'audit.disclosures', 'forbidden')]);
  },
  ExportMyDisclosures: async () => {
    await audited('ExportMyDisclosures', () => api.call('POST', '/api/me/disclosures/export', { token: A.token, body: { format: 'csv' } }), 201, () => inBothOfA(A, 'audit.disclosures'));
    await audited('ExportMyDisclosures as staff', () => api.call('POST', '/api/me/disclosures/export', { token: p1.staff, body: { format: 'csv' } }), 403, () => [refused(staff1, 'audit.disclosures', 'forbidden')]);
  },

  // -- the practice --
  ListPracticePatients: async () => {
    await audited('ListPracticePatients', () => api.call('GET', '/api/practice/patients', { token: p1.staff }), 200, () => [inAccount(staff1, 'patient.list', { practiceId: p1.practiceId, resource: `patient-list/${p1.practiceId}` })]);
    await audited('ListPracticePatients as a patient', () => api.call('GET', '/api/practice/patients', { token: A.token }), 403, () => [refused(A, 'patient.list', 'forbidden')]);
  },
  RegisterPatient: async () => {
    const body = () => ({ givenName: 'Eve', familyName: 'Newcomer', birthDate: '1992-02-02', mrn: `AUD-${randomUUID().slice(0, 8)}` });
    await audited('RegisterPatient', () => api.call('POST', '/api/practice/patients', { token: p1.admin, body: body() }), 201, (r) => {
      const registration = { patientId: r.body.patient.patientId, practiceId: p1.practiceId };
      return [inPatient(registration, admin1, 'patient.register', { resource: `patient/${registration.patientId}` })];
    });
    await audited('RegisterPatient by staff', () => api.call('POST', '/api/practice/patients', { token: p1.staff, body: body() }), 403, () => [refused(staff1, 'patient.register', 'forbidden')]);
  },
  GetPracticePatient: async () => {
    await audited('GetPracticePatient', () => api.call('GET', `/api/practice/patients/${a1.patientId}`, { token: p1.staff }), 200, () => [inPatient(a1, staff1, 'patient.read', { resource: `patient/${a1.patientId}` })]);
    await audited('GetPracticePatient by another practice', () => api.call('GET', `/api/practice/patients/${a1.patientId}`, { token: p3.staff }), 404, () => [refused(staff3, 'patient.read', 'not_found')]);
    await audited('GetPracticePatient by a patient', () => api.call('GET', `/api/practice/patients/${a1.patientId}`, { token: B.token }), 403, () => [refused(B, 'patient.read', 'forbidden')]);
  },
  IssueInvitation: async () => {
    const registered = await api.register(p1, { birthDate: '1993-03-03', givenName: 'Fay', familyName: 'Invited' });
    const f1 = { patientId: registered.patient.patientId, practiceId: p1.practiceId };
    watchPatient(f1);
    await audited('IssueInvitation', () => api.call('POST', `/api/practice/patients/${f1.patientId}/invitation`, { token: p1.admin }), 201, () => [inPatient(f1, admin1, 'invitation.issue', { resource: `invitation/${f1.patientId}` })]);
    await audited('IssueInvitation by staff', () => api.call('POST', `/api/practice/patients/${f1.patientId}/invitation`, { token: p1.staff }), 403, () => [refused(staff1, 'invitation.issue', 'forbidden')]);
    await audited('IssueInvitation for a linked patient', () => api.call('POST', `/api/practice/patients/${a1.patientId}/invitation`, { token: p1.admin }), 409, () => [refused(admin1, 'invitation.issue', 'already_linked')]);
  },
  CreateUpload: async () => {
    const body = { filename: 'scan.pdf', size: 10, sha256: 'c'.repeat(64), contentType: 'application/pdf' };
    await audited('CreateUpload', () => api.call('POST', `/api/practice/patients/${a1.patientId}/uploads`, { token: p1.staff, body }), 201, (r) => [inPatient(a1, staff1, 'document.upload-start', { resource: `upload/${r.body.uploadId}` })]);
    await audited('CreateUpload by another practice', () => api.call('POST', `/api/practice/patients/${a1.patientId}/uploads`, { token: p3.staff, body }), 404, () => [refused(staff3, 'document.upload-start', 'not_found')]);
  },
  CompleteUpload: async () => {
    const uploadId = await stagedUpload(await pdfBytes());
    await audited('CompleteUpload', () => api.call('POST', `/api/practice/uploads/${uploadId}/complete`, { token: p1.staff }), 201, (r) => [
      inPatient(a1, staff1, 'document.create', { resource: `document/${r.body.document.documentId}` }),
    ]);
    await audited('CompleteUpload twice', () => api.call('POST', `/api/practice/uploads/${uploadId}/complete`, { token: p1.staff }), 409, () => [refused(staff1, 'document.create', 'upload_not_pending')]);
    await audited('CompleteUpload by another practice', () => api.call('POST', `/api/practice/uploads/${uploadId}/complete`, { token: p3.staff }), 404, () => [refused(staff3, 'document.create', 'not_found')]);
    // A file that fails verification is not a refusal but a failure, recorded in the patient's chain.
    const rejectedId = await stagedUpload(new TextEncoder().encode('MZ this is not a PDF at all'));
    await audited('CompleteUpload of a rejected file', () => api.call('POST', `/api/practice/uploads/${rejectedId}/complete`, { token: p1.staff }), 422, (r) => [
      inPatient(a1, staff1, 'document.create', { resource: `upload/${rejectedId}`, outcome: 'failure', reason: r.body.error.details[0].message }),
    ]);
  },
  ListPatientDocuments: async () => {
    await audited('ListPatientDocuments', () => api.call('GET', `/api/practice/patients/${a1.patientId}/documents`, { token: p1.staff }), 200, () => [inPatient(a1, staff1, 'document.list')]);
    await audited('ListPatientDocuments by another practice', () => api.call('GET', `/api/practice/patients/${a1.patientId}/documents`, { token: p3.staff }), 404, () => [refused(staff3, 'document.list', 'not_found')]);
  },
  DownloadPatientDocument: async () => {
    await audited('DownloadPatientDocument', () => api.call('GET', `/api/practice/patients/${a1.patientId}/documents/${documentOfA1}/download`, { token: p1.staff }), 200, () => [
      inPatient(a1, staff1, 'document.download', { resource: `document/${documentOfA1}` }),
    ]);
    // The right practice, another patient's path: not found, and nothing lands in either patient's chain.
    await audited('DownloadPatientDocument under another patient', () => api.call('GET', `/api/practice/patients/${b1.patientId}/documents/${documentOfA1}/download`, { token: p1.staff }), 404, () => [
      refused(staff1, 'document.download', 'not_found'),
    ]);
  },
  PracticeAuditReport: async () => {
    await audited('PracticeAuditReport', () => api.call('GET', '/api/practice/audit?limit=10', { token: p1.admin }), 200, () => [inAccount(admin1, 'audit.report', { practiceId: p1.practiceId })]);
    await audited('PracticeAuditReport by staff', () => api.call('GET', '/api/practice/audit', { token: p1.staff }), 403, () => [refused(staff1, 'audit.report', 'forbidden')]);
  },
  ExportPracticeAudit: async () => {
    await audited('ExportPracticeAudit', () => api.call('POST', '/api/practice/audit/export', { token: p1.admin, body: {} }), 201, () => [
      inAccount(admin1, 'audit.report', { practiceId: p1.practiceId, resource: 'audit-export/csv' }),
    ]);
    await audited('ExportPracticeAudit by staff', () => api.call('POST', '/api/practice/audit/export', { token: p1.staff, body: {} }), 403, () => [refused(staff1, 'audit.report', 'forbidden')]);
  },
};

describe('every route leaves exactly its audit events', () => {
  it('has a case or a stated exclusion for every route in the route table, and not both', () => {
    const named = [...Object.keys(cases), ...Object.keys(EXCLUDED)].sort();
    expect(named).toEqual(ROUTES.map((r) => r.id).sort());
  });

  for (const route of ROUTES) {
    if (!cases[route.id]) continue;
    it(`${route.id}: ${route.method} ${route.path}`, async () => {
      await cases[route.id]!();
    });
  }
});
