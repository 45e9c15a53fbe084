/**
 * Transmissions on the local stack: the package in s3rver, byte-identical downloads through presigned GETs, the
 * zip, the e-mail in the outbox, conditional download counting on DynamoDB Local, and a FHIR push to a server.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateDemoRecords } from '../../shared/demo/generate';
import { validateR4 } from '../../shared/ingest/r4-validator';
import { latestMail, linksIn } from '../support/outbox';
import { StackClient, uploadThroughApi, type TestPatient, type TestPractice } from '../support/stack-client';

const { url, ports } = inject('stack');
const api = new StackClient(url, ports);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const PERSON = { givenName: 'Robin', familyName: 'Tester', birthDate: '1980-05-17', gender: 'female' as const, mrn: 'TX-1' };
const PRACTICE = { name: 'Transmit Practice', phone: '(555) 010-0005', address: { line: '7 Main St', city: 'Springfield', state: 'IL', postalCode: '62701' }, clinician: { givenName: 'Ana', familyName: 'Cole', npi: '1234567893' } };

let practice: TestPractice;
let patient: TestPatient;
let pdfDocument: { documentId: string; sha256: string };
let fhirServer: Server;
const received: Array<{ contentType: string | undefined; body: Buffer }> = [];

const body = (extra: Record<string, unknown> = {}) => ({
  idempotencyKey: `it-${randomUUID()}`,
  recipient: { name: 'Dr. Jane Smith', organisation: 'Lakeside Cardiology', email: `jane-${randomUUID().slice(0, 6)}@lakeside.example` },
  selection: { kind: 'everything' },
  formats: ['pdf', 'fhir', 'ccda', 'originals'],
  purpose: 'Continuing care',
  signature: { typedName: 'Robin Tester', attestation: true },
  ...extra,
});

async function tokenFor(email: string, since: Date): Promise<string> {
  const mail = await latestMail(url, { to: email, tag: 'transmission.sent', since });
  const link = linksIn(mail).find((l) => l.includes('/receive#'))!;
  expect(link.startsWith(`${url}/receive#`)).toBe(true);
  return link.split('#')[1]!;
}

beforeAll(async () => {
  practice = await api.newPractice('Transmit Practice');
  patient = await api.newPatient(practice);
  const files = await generateDemoRecords(PERSON, PRACTICE, { seed: 'transmit' });
  for (const file of files.filter((f) => f.kind === 'fhir' || f.kind === 'pdf').slice(0, 2)) {
    const outcome = await uploadThroughApi(api, practice.staff, patient.patientId, { name: file.filename, bytes: file.bytes });
    expect(outcome.complete?.status).toBe(201);
    if (file.kind === 'pdf') pdfDocument = { documentId: outcome.complete!.body.document.documentId, sha256: sha(file.bytes) };
  }
  fhirServer = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      received.push({ contentType: request.headers['content-type'], body: Buffer.concat(chunks) });
      response.writeHead(201, { 'content-type': 'application/fhir+json' }).end('{"resourceType":"Bundle","type":"transaction-response"}');
    });
  });
  await new Promise<void>((resolve) => fhirServer.listen(0, '127.0.0.1', resolve));
}, 120_000);

afterAll(() => new Promise<void>((resolve) => fhirServer.close(() => resolve())));

describe('sending a copy on the local stack', () => {
  it('the recipient downloads exactly what the manifest lists, within the limit, after the right code', async () => {
    const since = new Date();
    const request = body({ maxDownloads: 3 });
    const created = await api.call('POST', '/api/me/transmissions', { token: patient.token, body: request });
    expect(created.status).toBe(201);
    const retried = await api.call('POST', '/api/me/transmissions', { token: patient.token, body: request });
    expect(retried.status).toBe(200);
    expect(retried.body.transmissionId).toBe(created.body.transmissionId);
    expect(retried.body.accessCode).toBe(created.body.accessCode);
    const token = await tokenFor(request.recipient.email, since);

    expect((await api.call('POST', '/api/recipient/open', { body: { token } })).body).toEqual({ status: 'code-required' });
    const wrong = await api.call('POST', '/api/recipient/unlock', { body: { token, code: 'ZZZZZ-ZZZZZ' } });
    expect(wrong.status).toBe(403);
    expect(JSON.stringify(wrong.body)).not.toMatch(/Robin|Tester|Lakeside|Transmit Practice/);
    const unlocked = await api.call('POST', '/api/recipient/unlock', { body: { token, code: created.body.accessCode } });
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.sender.name).toBe('Robin Tester');
    expect(unlocked.body.files).toEqual(created.body.manifest);
    const original = created.body.manifest.find((f: { name: string }) => f.name.startsWith('originals/'));
    expect(original.sha256).toBe(pdfDocument.sha256);

    for (const file of [created.body.manifest.find((f: { name: string }) => f.name === 'health-record.fhir.json'), original]) {
      const link = await api.call('POST', '/api/recipient/download', { body: { token, session: unlocked.body.session, file: file.name } });
      expect(link.status).toBe(200);
      const response = await fetch(link.body.url);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment/);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect(sha(bytes)).toBe(file.sha256);
      if (file.name.endsWith('.json')) expect(validateR4(JSON.parse(Buffer.from(bytes).toString('utf8')))).toBeUndefined();
    }
    const archiveLink = await api.call('POST', '/api/recipient/download', { body: { token, session: unlocked.body.session, file: 'health-records.zip' } });
    const zip = new Uint8Array(await (await fetch(archiveLink.body.url)).arrayBuffer());
    expect(sha(zip)).toBe(created.body.archive.sha256);
    const entries = unzipSync(zip);
    for (const file of created.body.manifest) expect(sha(entries[file.name]!)).toBe(file.sha256);

    const fourth = await api.call('POST', '/api/recipient/download', { body: { token, session: unlocked.body.session, file: 'manifest.json' } });
    expect(fourth.status).toBe(410);
    expect(fourth.body.error.code).toBe('link_exhausted');
    expect((await api.call('POST', '/api/recipient/confirm', { body: { token, session: unlocked.body.session } })).status).toBe(200);

    const mine = await api.call('GET', `/api/me/transmissions/${created.body.transmissionId}`, { token: patient.token });
    expect(mine.body.status).toBe('exhausted');
    expect(mine.body.accessCode).toBeUndefined();
    expect(mine.body.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'emailed', 'opened', 'code-failed', 'unlocked', 'downloaded', 'downloaded', 'downloaded', 'confirmed']);
    const staffView = await api.call('GET', `/api/practice/patients/${patient.patientId}/transmissions`, { token: practice.staff });
    expect(staffView.body.items.map((t: { transmissionId: string }) => t.transmissionId)).toContain(created.body.transmissionId);
  });

  it('concurrent downloads never pass the limit', async () => {
    const since = new Date();
    const request = body({ maxDownloads: 2, delivery: 'email', formats: ['fhir'] });
    await api.call('POST', '/api/me/transmissions', { token: patient.token, body: request });
    const token = await tokenFor(request.recipient.email, since);
    const opened = await api.call('POST', '/api/recipient/open', { body: { token } });

    const attempts = await Promise.all(Array.from({ length: 6 }, () => api.call('POST', '/api/recipient/download', { body: { token, session: opened.body.package.session, file: 'manifest.json' } })));

    expect(attempts.map((a) => a.status).sort()).toEqual([200, 200, 410, 410, 410, 410]);
  });

  it('posts the FHIR Bundle to the server the patient named, sends chosen documents only, and a revoked link answers 410', async () => {
    const since = new Date();
    const fhirServerUrl = `http://127.0.0.1:${(fhirServer.address() as AddressInfo).port}/fhir`;
    const request = body({ delivery: 'email', formats: ['originals'], selection: { kind: 'documents', documentIds: [pdfDocument.documentId] }, recipient: { name: 'Health app', email: `app-${randomUUID().slice(0, 6)}@example.org` } });
    const created = await api.call('POST', '/api/me/transmissions', { token: patient.token, body: request });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.manifest.map((f: { name: string }) => f.name)).toEqual([expect.stringMatching(/^originals\/001-/), 'manifest.json']);

    const token = await tokenFor(request.recipient.email, since);
    expect(created.body.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'emailed']);
    const withBundle = await api.call('POST', '/api/me/transmissions', {
      token: patient.token,
      body: { ...request, idempotencyKey: `it-${randomUUID()}`, formats: ['fhir'], selection: { kind: 'range', from: '2000-01-01', to: '2030-12-31' }, recipient: { ...request.recipient, fhirServerUrl } },
    });
    expect(withBundle.body.events.map((e: { kind: string; detail?: string }) => `${e.kind}${e.detail ? ` ${e.detail}` : ''}`)).toEqual(['created', 'emailed', 'fhir-sent HTTP 201']);
    expect(received.at(-1)?.contentType).toBe('application/fhir+json');
    expect(sha(received.at(-1)!.body)).toBe(withBundle.body.manifest.find((f: { name: string }) => f.name === 'health-record.fhir.json').sha256);

    expect((await api.call('POST', `/api/me/transmissions/${created.body.transmissionId}/revoke`, { token: patient.token })).status).toBe(200);
    const gone = await api.call('POST', '/api/recipient/open', { body: { token } });
    expect(gone.status).toBe(410);
    expect(gone.body.error.code).toBe('link_revoked');
    expect((await api.call('POST', `/api/me/transmissions/${created.body.transmissionId}/revoke`, { token: patient.token })).status).toBe(409);
  });

  it('refuses bad input with a reason and creates nothing', async () => {
    const before = (await api.call('GET', '/api/me/transmissions?limit=100', { token: patient.token })).body.items.length;
    const cases = [
      body({ recipient: { name: 'X', email: 'not-an-address' } }),
      body({ recipient: { name: 'X', email: 'x@example.org', fhirServerUrl: 'javascript:alert(1)' } }),
      body({ expiresInDays: 45 }),
      body({ selection: { kind: 'documents', documentIds: [] } }),
      body({ formats: ['docx'] }),
      body({ signature: { typedName: 'Robin Tester', attestation: false } }),
    ];
    for (const c of cases) {
      const response = await api.call('POST', '/api/me/transmissions', { token: patient.token, body: c });
      expect(response.status, JSON.stringify(c)).toBe(400);
      expect(response.body.error.details?.[0]?.message ?? response.body.error.message).toBeTruthy();
    }
    expect((await api.call('GET', '/api/me/transmissions?limit=100', { token: patient.token })).body.items.length).toBe(before);
  });
});
