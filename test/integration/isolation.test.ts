/**
 * Deny by default: a second patient is refused the first patient's data through every endpoint that exists.
 * The table of cases must name every route in shared/platform/routes.ts, so a new endpoint without a refusal
 * test fails this file.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDocumentIndex } from '../../shared/adapters/dynamodb/document-index';
import { DynamoRecordStore } from '../../shared/adapters/dynamodb/record-store';
import { ROUTES } from '../../shared/platform/routes';
import { TABLES } from '../../shared/platform/resources';
import { PASSWORD, StackClient, type TestPatient, type TestPractice } from '../support/stack-client';

const { url, ports } = inject('stack');
const api = new StackClient(url, ports);
const DOB_A = '1969-02-14';
const DOB_B = '1990-08-21';

let practice: TestPractice;
let otherPractice: TestPractice;
let a: TestPatient;
let b: TestPatient;
let usedCodeOfA: string;
let documentOfA: string;
let documentOfB: string;
let uploadOfPractice: string;
let correctionOfA: string;
let transmissionOfA: string;
const transmissionBody = (key: string, extra: Record<string, unknown> = {}) => ({
  idempotencyKey: key,
  recipient: { name: 'A-secret-recipient', email: 'a-recipient@test.example' },
  selection: { kind: 'everything' },
  formats: ['fhir'],
  purpose: 'A-secret-purpose',
  delivery: 'email',
  signature: { typedName: 'Ada First', attestation: true },
  ...extra,
});

async function addDocument(patientId: string, practiceId: string, title: string): Promise<string> {
  const index = new DynamoDocumentIndex(api.doc, TABLES.main.localName);
  const documentId = randomUUID();
  await index.put({
    documentId,
    patientId,
    practiceId,
    title,
    kind: 'pdf',
    contentType: 'application/pdf',
    size: 10,
    sha256: '0'.repeat(64),
    date: '2026-01-01',
    objectKey: `patients/${patientId}/x`,
    createdAt: new Date().toISOString(),
    createdBy: 'test',
  });
  return documentId;
}

beforeAll(async () => {
  practice = await api.newPractice('Isolation Practice');
  otherPractice = await api.newPractice('Other Practice');
  const registeredA = await api.register(practice, { birthDate: DOB_A, givenName: 'Ada', familyName: 'First' });
  usedCodeOfA = registeredA.invitation.code;
  const emailA = `a-${randomUUID().slice(0, 6)}@test.example`;
  const signUpA = await api.call('POST', '/api/auth/sign-up', { body: { email: emailA, password: PASSWORD, invitationCode: usedCodeOfA, birthDate: DOB_A } });
  a = { email: emailA, patientId: registeredA.patient.patientId, token: signUpA.body.tokens.idToken, accessToken: signUpA.body.tokens.accessToken, cookies: signUpA.cookies };
  b = await api.newPatient(practice, DOB_B);
  documentOfA = await addDocument(a.patientId, practice.practiceId, 'A-secret-lab-report');
  documentOfB = await addDocument(b.patientId, practice.practiceId, 'B-own-note');
  const records = new DynamoRecordStore(api.doc, TABLES.main.localName);
  const problem = (text: string) => ({ dataClass: 'problems' as const, dedupeKey: `Condition|${text}`, resource: { resourceType: 'Condition', code: { text } } });
  await records.merge(a.patientId, practice.practiceId, documentOfA, [problem('A-secret-problem')], new Date());
  await records.merge(b.patientId, practice.practiceId, documentOfB, [problem('B-own-problem')], new Date());
  const started = await api.call('POST', `/api/practice/patients/${a.patientId}/uploads`, {
    token: practice.staff,
    body: { filename: 'note.pdf', size: 10, sha256: 'a'.repeat(64), contentType: 'application/pdf' },
  });
  uploadOfPractice = started.body.uploadId;
  const correction = await api.call('POST', '/api/me/corrections', {
    token: a.token,
    body: { target: { kind: 'general', practiceId: practice.practiceId }, whatIsWrong: 'A-secret-complaint', shouldSay: 'x', reason: 'y' },
  });
  expect(correction.status).toBe(201);
  correctionOfA = correction.body.requestId;
  const transmission = await api.call('POST', '/api/me/transmissions', { token: a.token, body: transmissionBody(`iso-${randomUUID()}`) });
  expect(transmission.status).toBe(201);
  transmissionOfA = transmission.body.transmissionId;
});

const expectNoTraceOfA = (body: unknown) => {
  const text = JSON.stringify(body);
  expect(text).not.toContain(a.patientId);
  expect(text).not.toContain('A-secret-lab-report');
  expect(text).not.toContain(a.email);
  expect(text).not.toContain('Ada');
  expect(text).not.toContain('A-secret-problem');
  expect(text).not.toContain('A-secret-complaint');
  expect(text).not.toContain(correctionOfA);
  expect(text).not.toContain('A-secret-recipient');
  expect(text).not.toContain(transmissionOfA);
};

const cases: Record<string, () => Promise<void>> = {
  GetHealth: async () => {
    const response = await api.call('GET', '/api/health', { token: b.token });
    expect(response.status).toBe(200);
    expectNoTraceOfA(response.body);
  },
  SignIn: async () => {
    const response = await api.call('POST', '/api/auth/sign-in', { body: { email: a.email, password: 'B-Guesses-Password-1!' } });
    expect(response.status).toBe(401);
  },
  AnswerMfaChallenge: async () => {
    const response = await api.call('POST', '/api/auth/mfa', { body: { email: a.email, session: 'forged-session', code: '123456' } });
    expect([400, 401]).toContain(response.status);
    expect(response.body.status).toBeUndefined();
  },
  RefreshSession: async () => {
    const refreshed = await api.call('POST', '/api/auth/refresh', { cookies: b.cookies });
    expect(refreshed.status).toBe(200);
    const me = await api.call('GET', '/api/me', { token: refreshed.body.tokens.idToken });
    expect(me.body.email).toBe(b.email);
    expectNoTraceOfA(me.body);
  },
  SignOut: async () => {
    const fresh = await api.signIn(b.email);
    expect((await api.call('POST', '/api/auth/sign-out', { cookies: fresh.cookies })).status).toBe(204);
    // B signing out ends nothing of A's.
    expect((await api.call('POST', '/api/auth/refresh', { cookies: a.cookies })).status).toBe(200);
  },
  SignUpPatient: async () => {
    const response = await api.call('POST', '/api/auth/sign-up', { body: { email: `b2-${randomUUID().slice(0, 6)}@test.example`, password: PASSWORD, invitationCode: usedCodeOfA, birthDate: DOB_A } });
    expect(response.status).toBe(410);
    expectNoTraceOfA(response.body);
  },
  StartMfaSetup: async () => {
    const response = await api.call('POST', '/api/auth/mfa/setup', { body: { accessToken: b.token } });
    expect(response.status).toBe(401);
  },
  FinishMfaSetup: async () => {
    const response = await api.call('POST', '/api/auth/mfa/verify', { body: { accessToken: 'forged', code: '123456' } });
    expect(response.status).toBe(401);
  },
  GetMe: async () => {
    const response = await api.call('GET', '/api/me', { token: b.token });
    expect(response.status).toBe(200);
    expect(response.body.links.map((l: { patientId: string }) => l.patientId)).toEqual([b.patientId]);
    expectNoTraceOfA(response.body);
  },
  LinkPractice: async () => {
    const response = await api.call('POST', '/api/me/links', { token: b.token, body: { invitationCode: usedCodeOfA, birthDate: DOB_A } });
    expect(response.status).toBe(410);
    const me = await api.call('GET', '/api/me', { token: b.token });
    expect(me.body.links).toHaveLength(1);
  },
  ListMyDocuments: async () => {
    const response = await api.call('GET', '/api/me/documents', { token: b.token });
    expect(response.status).toBe(200);
    expect(response.body.items.map((d: { title: string }) => d.title)).toEqual(['B-own-note']);
    expectNoTraceOfA(response.body);
    // A crafted cursor naming A's partition is refused rather than followed.
    const crafted = Buffer.from(JSON.stringify({ [a.patientId]: { pk: `PATIENT#${a.patientId}`, sk: "DOC#9999" } })).toString("base64url");
    const forged = await api.call('GET', `/api/me/documents?cursor=${crafted}`, { token: b.token });
    expect(forged.status).toBe(400);
    // Filtering by a practice B is not linked to is refused, not an empty list of someone else's records.
    const otherPracticeDocuments = await api.call('GET', `/api/me/documents?practiceId=${otherPractice.practiceId}`, { token: b.token });
    expect(otherPracticeDocuments.status).toBe(404);
  },
  ListPracticePatients: async () => {
    const response = await api.call('GET', '/api/practice/patients', { token: b.token });
    expect(response.status).toBe(403);
    expectNoTraceOfA(response.body);
    // Staff of another practice see their own (empty) list, never this practice's patients.
    const other = await api.call('GET', '/api/practice/patients', { token: otherPractice.staff });
    expectNoTraceOfA(other.body);
  },
  RegisterPatient: async () => {
    const response = await api.call('POST', '/api/practice/patients', { token: b.token, body: { givenName: 'Ada', familyName: 'First', birthDate: DOB_A, mrn: 'STEAL-1' } });
    expect(response.status).toBe(403);
  },
  GetPracticePatient: async () => {
    const asPatient = await api.call('GET', `/api/practice/patients/${a.patientId}`, { token: b.token });
    const asOtherStaff = await api.call('GET', `/api/practice/patients/${a.patientId}`, { token: otherPractice.staff });
    expect(asPatient.status).toBe(403);
    expect(asOtherStaff.status).toBe(404);
    expectNoTraceOfA(asOtherStaff.body);
  },
  DownloadMyDocument: async () => {
    const theirs = await api.call('GET', `/api/me/documents/${documentOfA}/download`, { token: b.token });
    const own = await api.call('GET', `/api/me/documents/${documentOfB}/download`, { token: b.token });
    expect(theirs.status).toBe(404);
    expectNoTraceOfA(theirs.body);
    expect(own.status).toBe(200);
  },
  ListMyRecord: async () => {
    const response = await api.call('GET', '/api/me/record/problems', { token: b.token });
    expect(response.status).toBe(200);
    expect(response.body.items.map((i: { resource: { code?: { text?: string } } }) => i.resource.code?.text)).toEqual(['B-own-problem']);
    expectNoTraceOfA(response.body);
    expect((await api.call('GET', '/api/me/record/problems', { token: practice.staff })).status).toBe(403);
    const otherPracticeRecord = await api.call('GET', `/api/me/record/problems?practiceId=${otherPractice.practiceId}`, { token: b.token });
    expect(otherPracticeRecord.status).toBe(404);
  },
  CreateExport: async () => {
    const response = await api.call('POST', '/api/me/exports', { token: b.token, body: { format: 'fhir' } });
    expect(response.status).toBe(201);
    expectNoTraceOfA(response.body);
    const file = await (await fetch(response.body.url)).text();
    expect(file).toContain('B-own-problem');
    expect(file).not.toContain('A-secret-problem');
    expect(file).not.toContain(a.patientId);
    expect(file).not.toContain('Ada');
    expect((await api.call('POST', '/api/me/exports', { token: practice.staff, body: { format: 'fhir' } })).status).toBe(403);
  },
  CreateUpload: async () => {
    const body = { filename: 'x.pdf', size: 10, sha256: 'b'.repeat(64) };
    expect((await api.call('POST', `/api/practice/patients/${a.patientId}/uploads`, { token: b.token, body })).status).toBe(403);
    expect((await api.call('POST', `/api/practice/patients/${a.patientId}/uploads`, { token: otherPractice.staff, body })).status).toBe(404);
  },
  CompleteUpload: async () => {
    expect((await api.call('POST', `/api/practice/uploads/${uploadOfPractice}/complete`, { token: b.token })).status).toBe(403);
    expect((await api.call('POST', `/api/practice/uploads/${uploadOfPractice}/complete`, { token: otherPractice.staff })).status).toBe(404);
  },
  ListPatientDocuments: async () => {
    expect((await api.call('GET', `/api/practice/patients/${a.patientId}/documents`, { token: b.token })).status).toBe(403);
    const other = await api.call('GET', `/api/practice/patients/${a.patientId}/documents`, { token: otherPractice.staff });
    expect(other.status).toBe(404);
    expectNoTraceOfA(other.body);
  },
  DownloadPatientDocument: async () => {
    expect((await api.call('GET', `/api/practice/patients/${a.patientId}/documents/${documentOfA}/download`, { token: b.token })).status).toBe(403);
    expect((await api.call('GET', `/api/practice/patients/${a.patientId}/documents/${documentOfA}/download`, { token: otherPractice.staff })).status).toBe(404);
  },
  CreateCorrection: async () => {
    const body = (target: unknown) => ({ target, whatIsWrong: 'x', shouldSay: 'y', reason: 'z' });
    const ofA = await api.call('POST', '/api/me/corrections', { token: b.token, body: body({ kind: 'document', documentId: documentOfA }) });
    expect(ofA.status).toBe(404);
    expectNoTraceOfA(ofA.body);
    const otherPracticeTarget = await api.call('POST', '/api/me/corrections', { token: b.token, body: body({ kind: 'general', practiceId: otherPractice.practiceId }) });
    expect(otherPracticeTarget.status).toBe(404);
    expect((await api.call('POST', '/api/me/corrections', { token: practice.staff, body: body({ kind: 'general', practiceId: practice.practiceId }) })).status).toBe(403);
    expect((await api.call('GET', '/api/me/corrections', { token: b.token })).body.items).toEqual([]);
  },
  ListMyCorrections: async () => {
    const response = await api.call('GET', '/api/me/corrections', { token: b.token });
    expect(response.status).toBe(200);
    expectNoTraceOfA(response.body);
    expect((await api.call('GET', '/api/me/corrections', { token: practice.staff })).status).toBe(403);
  },
  GetMyCorrection: async () => {
    const response = await api.call('GET', `/api/me/corrections/${correctionOfA}`, { token: b.token });
    expect(response.status).toBe(404);
    expect(JSON.stringify(response.body)).not.toContain('A-secret-complaint');
    expect((await api.call('GET', `/api/me/corrections/${correctionOfA}`, { token: practice.staff })).status).toBe(403);
  },
  WithdrawCorrection: async () => {
    expect((await api.call('POST', `/api/me/corrections/${correctionOfA}/withdraw`, { token: b.token })).status).toBe(404);
    expect((await api.call('POST', `/api/me/corrections/${correctionOfA}/withdraw`, { token: practice.staff })).status).toBe(403);
    expect((await api.call('GET', `/api/me/corrections/${correctionOfA}`, { token: a.token })).body.status).toBe('submitted');
  },
  FileDisagreement: async () => {
    expect((await api.call('POST', `/api/me/corrections/${correctionOfA}/disagreement`, { token: b.token, body: { statement: 'x' } })).status).toBe(404);
    expect((await api.call('POST', `/api/me/corrections/${correctionOfA}/disagreement`, { token: practice.staff, body: { statement: 'x' } })).status).toBe(403);
  },
  ListCorrectionQueue: async () => {
    expect((await api.call('GET', '/api/practice/corrections', { token: b.token })).status).toBe(403);
    const other = await api.call('GET', '/api/practice/corrections', { token: otherPractice.staff });
    expect(other.status).toBe(200);
    expectNoTraceOfA(other.body);
  },
  GetPracticeCorrection: async () => {
    const path = `/api/practice/patients/${a.patientId}/corrections/${correctionOfA}`;
    expect((await api.call('GET', path, { token: b.token })).status).toBe(403);
    const other = await api.call('GET', path, { token: otherPractice.staff });
    expect(other.status).toBe(404);
    expectNoTraceOfA(other.body);
    // The right practice but another patient's path: still not found.
    expect((await api.call('GET', `/api/practice/patients/${b.patientId}/corrections/${correctionOfA}`, { token: practice.staff })).status).toBe(404);
  },
  ExtendCorrection: async () => {
    const path = `/api/practice/patients/${a.patientId}/corrections/${correctionOfA}/extend`;
    expect((await api.call('POST', path, { token: b.token, body: { reason: 'x' } })).status).toBe(403);
    expect((await api.call('POST', path, { token: otherPractice.staff, body: { reason: 'x' } })).status).toBe(404);
  },
  AcceptCorrection: async () => {
    const path = `/api/practice/patients/${a.patientId}/corrections/${correctionOfA}/accept`;
    expect((await api.call('POST', path, { token: b.token, body: { amendment: 'x' } })).status).toBe(403);
    expect((await api.call('POST', path, { token: otherPractice.staff, body: { amendment: 'x' } })).status).toBe(404);
  },
  DenyCorrection: async () => {
    const path = `/api/practice/patients/${a.patientId}/corrections/${correctionOfA}/deny`;
    const body = { ground: 'accurate-and-complete', explanation: 'x' };
    expect((await api.call('POST', path, { token: b.token, body })).status).toBe(403);
    expect((await api.call('POST', path, { token: otherPractice.staff, body })).status).toBe(404);
  },
  RebutDisagreement: async () => {
    const path = `/api/practice/patients/${a.patientId}/corrections/${correctionOfA}/rebuttal`;
    expect((await api.call('POST', path, { token: b.token, body: { text: 'x' } })).status).toBe(403);
    expect((await api.call('POST', path, { token: otherPractice.staff, body: { text: 'x' } })).status).toBe(404);
    expect((await api.call('GET', `/api/practice/patients/${a.patientId}/corrections/${correctionOfA}`, { token: practice.staff })).body.status).toBe('submitted');
  },
  CreateTransmission: async () => {
    // Chosen documents of another patient are refused, and nothing is created.
    const ofA = await api.call('POST', '/api/me/transmissions', { token: b.token, body: transmissionBody(`iso-b-${randomUUID()}`, { selection: { kind: 'documents', documentIds: [documentOfA] }, formats: ['originals'] }) });
    expect(ofA.status).toBe(404);
    expectNoTraceOfA(ofA.body);
    expect((await api.call('POST', '/api/me/transmissions', { token: practice.staff, body: transmissionBody(`iso-s-${randomUUID()}`) })).status).toBe(403);
    expect((await api.call('GET', '/api/me/transmissions', { token: b.token })).body.items).toEqual([]);
  },
  ListMyTransmissions: async () => {
    const response = await api.call('GET', '/api/me/transmissions', { token: b.token });
    expect(response.status).toBe(200);
    expectNoTraceOfA(response.body);
    expect((await api.call('GET', '/api/me/transmissions', { token: practice.staff })).status).toBe(403);
  },
  GetMyTransmission: async () => {
    const response = await api.call('GET', `/api/me/transmissions/${transmissionOfA}`, { token: b.token });
    expect(response.status).toBe(404);
    expect(JSON.stringify(response.body)).not.toContain('A-secret-recipient');
    expect((await api.call('GET', `/api/me/transmissions/${transmissionOfA}`, { token: practice.staff })).status).toBe(403);
  },
  RevokeTransmission: async () => {
    expect((await api.call('POST', `/api/me/transmissions/${transmissionOfA}/revoke`, { token: b.token })).status).toBe(404);
    expect((await api.call('POST', `/api/me/transmissions/${transmissionOfA}/revoke`, { token: practice.staff })).status).toBe(403);
    expect((await api.call('GET', `/api/me/transmissions/${transmissionOfA}`, { token: a.token })).body.status).toBe('active');
  },
  ListPatientTransmissions: async () => {
    expect((await api.call('GET', `/api/practice/patients/${a.patientId}/transmissions`, { token: b.token })).status).toBe(403);
    const other = await api.call('GET', `/api/practice/patients/${a.patientId}/transmissions`, { token: otherPractice.staff });
    expect(other.status).toBe(404);
    expectNoTraceOfA(other.body);
  },
  OpenTransmission: async () => {
    // Without A's link, a made-up token finds nothing; something that is not a token is refused as input.
    const response = await api.call('POST', '/api/recipient/open', { body: { token: 'A'.repeat(43) } });
    expect(response.status).toBe(404);
    expectNoTraceOfA(response.body);
    expect((await api.call('POST', '/api/recipient/open', { token: b.token, body: { token: `${a.patientId}/../x` } })).status).toBe(400);
  },
  UnlockTransmission: async () => {
    const response = await api.call('POST', '/api/recipient/unlock', { body: { token: 'A'.repeat(43), code: 'ABCDE-FGHJK' } });
    expect(response.status).toBe(404);
    expectNoTraceOfA(response.body);
  },
  DownloadTransmissionFile: async () => {
    const response = await api.call('POST', '/api/recipient/download', { body: { token: 'A'.repeat(43), session: 'B'.repeat(43), file: 'health-record.fhir.json' } });
    expect(response.status).toBe(404);
    expectNoTraceOfA(response.body);
  },
  ConfirmTransmission: async () => {
    const response = await api.call('POST', '/api/recipient/confirm', { body: { token: 'A'.repeat(43), session: 'B'.repeat(43) } });
    expect(response.status).toBe(404);
    expect((await api.call('GET', `/api/me/transmissions/${transmissionOfA}`, { token: a.token })).body.confirmedAt).toBeUndefined();
  },
  ListMyActivity: async () => {
    const response = await api.call('GET', '/api/me/activity', { token: b.token });
    expect(response.status).toBe(200);
    expectNoTraceOfA(response.body);
    expect(response.body.items.every((e: { chain: string }) => e.chain === `PATIENT#${b.patientId}` || e.chain.startsWith('ACCOUNT#'))).toBe(true);
    expect((await api.call('GET', '/api/me/activity', { token: practice.staff })).status).toBe(403);
  },
  VerifyMyActivity: async () => {
    const response = await api.call('GET', '/api/me/activity/verify', { token: b.token });
    expect(response.status).toBe(200);
    expect(response.body.chains.map((c: { chain: string }) => c.chain)).not.toContain(`PATIENT#${a.patientId}`);
    expect((await api.call('GET', '/api/me/activity/verify', { token: practice.admin })).status).toBe(403);
  },
  ExportMyActivity: async () => {
    const response = await api.call('POST', '/api/me/activity/export', { token: b.token });
    expect(response.status).toBe(201);
    const file = await (await fetch(response.body.url)).text();
    expect(file).not.toContain(a.patientId);
    expect(file).not.toContain('A-secret');
    expect((await api.call('POST', '/api/me/activity/export', { token: practice.staff })).status).toBe(403);
  },
  ListMyDisclosures: async () => {
    const response = await api.call('GET', '/api/me/disclosures', { token: b.token });
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
    expectNoTraceOfA(response.body);
    expect((await api.call('GET', '/api/me/disclosures', { token: practice.staff })).status).toBe(403);
  },
  ExportMyDisclosures: async () => {
    const response = await api.call('POST', '/api/me/disclosures/export', { token: b.token, body: { format: 'csv' } });
    expect(response.status).toBe(201);
    const file = await (await fetch(response.body.url)).text();
    expect(file).not.toContain('A-secret-recipient');
    expect((await api.call('POST', '/api/me/disclosures/export', { token: practice.staff, body: { format: 'csv' } })).status).toBe(403);
  },
  PracticeAuditReport: async () => {
    expect((await api.call('GET', '/api/practice/audit', { token: b.token })).status).toBe(403);
    // Staff who are not admins do not get the report; another practice's admin sees none of this practice's events.
    expect((await api.call('GET', '/api/practice/audit', { token: practice.staff })).status).toBe(403);
    const other = await api.call('GET', '/api/practice/audit?limit=100', { token: otherPractice.admin });
    expect(other.status).toBe(200);
    expectNoTraceOfA(other.body);
  },
  ExportPracticeAudit: async () => {
    expect((await api.call('POST', '/api/practice/audit/export', { token: b.token, body: {} })).status).toBe(403);
    const other = await api.call('POST', '/api/practice/audit/export', { token: otherPractice.admin, body: {} });
    expect(other.status).toBe(201);
    const file = await (await fetch(other.body.url)).text();
    expect(file).not.toContain(a.patientId);
  },
  IssueInvitation: async () => {
    const asPatient = await api.call('POST', `/api/practice/patients/${a.patientId}/invitation`, { token: b.token });
    const asOtherAdmin = await api.call('POST', `/api/practice/patients/${a.patientId}/invitation`, { token: otherPractice.admin });
    expect(asPatient.status).toBe(403);
    expect(asOtherAdmin.status).toBe(404);
  },
};

describe('a second patient is refused the first patient’s data', () => {
  it('has a case for every route in the route table', () => {
    expect(Object.keys(cases).sort()).toEqual(ROUTES.map((r) => r.id).sort());
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.path}`, async () => {
      await cases[route.id]!();
    });
  }

  it('without a token, every protected route answers 401', async () => {
    for (const route of ROUTES.filter((r) => r.auth === 'jwt')) {
      const path = route.path.replace('{patientId}', a.patientId).replace('{documentId}', documentOfA).replace('{uploadId}', uploadOfPractice).replace('{dataClass}', 'problems').replace('{requestId}', correctionOfA).replace('{transmissionId}', transmissionOfA);
      const response = await api.call(route.method, path, route.method === 'GET' ? {} : { body: {} });
      expect(response.status, `${route.method} ${route.path}`).toBe(401);
    }
  });
});
