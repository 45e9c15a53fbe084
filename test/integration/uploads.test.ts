import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { generateDemoRecords } from '../../shared/demo/generate';
import { BUCKETS } from '../../shared/platform/resources';
import { FIXTURES_DIR, fixtureFiles, HAS_FIXTURES, skipNoticeIfMissing } from '../support/fixtures';
import { StackClient, uploadThroughApi, type TestPatient, type TestPractice } from '../support/stack-client';

const { url, ports } = inject('stack');
const api = new StackClient(url, ports);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const DEMO_PATIENT = { givenName: 'Mara', familyName: 'Quint', birthDate: '1979-04-18', gender: 'female' as const, mrn: 'UP-1' };
const DEMO_PRACTICE = {
  name: 'Upload Practice',
  phone: '(555) 010-0000',
  address: { line: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701' },
  clinician: { givenName: 'Ira', familyName: 'Bell', npi: '1234567893' },
};

async function stagedObjects(): Promise<string[]> {
  const out = await api.clients.s3.send(new ListObjectsV2Command({ Bucket: BUCKETS.documents.localName, Prefix: 'incoming/' }));
  return (out.Contents ?? []).map((o) => o.Key!);
}

describe('uploading records: presigned PUT straight to storage, verified before anything is visible', () => {
  let practice: TestPractice;
  let patient: TestPatient;
  beforeAll(async () => {
    practice = await api.newPractice('Upload Practice');
    patient = await api.newPatient(practice);
  });

  it('accepts the project’s own FHIR bundle, C-CDA and PDFs; the patient sees them and downloads byte-identical originals', async () => {
    const documents = await generateDemoRecords(DEMO_PATIENT, DEMO_PRACTICE, { seed: 'upload-test' });

    for (const d of documents) {
      const outcome = await uploadThroughApi(api, practice.staff, patient.patientId, { name: d.filename, bytes: d.bytes, contentType: d.contentType });
      expect(outcome.complete?.status, `${d.filename}: ${JSON.stringify(outcome.complete?.body)}`).toBe(201);
      expect(outcome.complete?.body.document.sha256).toBe(sha(d.bytes));
    }

    const mine = await api.call('GET', '/api/me/documents', { token: patient.token });
    expect(mine.body.items).toHaveLength(documents.length);
    for (const item of mine.body.items) {
      const link = await api.call('GET', `/api/me/documents/${item.documentId}/download`, { token: patient.token });
      expect(link.status).toBe(200);
      const download = await fetch(link.body.url);
      const bytes = new Uint8Array(await download.arrayBuffer());
      expect(sha(bytes)).toBe(item.sha256);
      expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
    }
    expect(await stagedObjects()).toEqual([]);
  });

  it('refuses bytes that do not match the declared SHA-256 or size, and keeps nothing', async () => {
    const before = (await api.call('GET', `/api/practice/patients/${patient.patientId}/documents`, { token: practice.staff })).body.items.length;
    const pdf = (await generateDemoRecords(DEMO_PATIENT, DEMO_PRACTICE, { seed: 'mismatch' })).find((d) => d.kind === 'pdf')!;

    const wrongHash = await uploadThroughApi(api, practice.staff, patient.patientId, { name: 'a.pdf', bytes: pdf.bytes, sha256: 'f'.repeat(64) });
    const wrongSize = await uploadThroughApi(api, practice.staff, patient.patientId, { name: 'b.pdf', bytes: pdf.bytes, declaredSize: pdf.bytes.byteLength + 1 });

    expect(wrongHash.complete?.status).toBe(422);
    expect(wrongHash.complete?.body.error.details[0].message).toBe('checksum-mismatch');
    expect(wrongSize.complete?.status).toBe(422);
    expect(wrongSize.complete?.body.error.details[0].message).toBe('size-mismatch');
    const after = (await api.call('GET', `/api/practice/patients/${patient.patientId}/documents`, { token: practice.staff })).body.items.length;
    expect(after).toBe(before);
    expect(await stagedObjects()).toEqual([]);
  });

  it('completes an upload exactly once, and not before the file is there', async () => {
    const pdf = (await generateDemoRecords(DEMO_PATIENT, DEMO_PRACTICE, { seed: 'once' })).find((d) => d.kind === 'pdf')!;
    const early = await api.call('POST', `/api/practice/patients/${patient.patientId}/uploads`, { token: practice.staff, body: { filename: 'c.pdf', size: pdf.bytes.byteLength, sha256: sha(pdf.bytes) } });
    const tooEarly = await api.call('POST', `/api/practice/uploads/${early.body.uploadId}/complete`, { token: practice.staff });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.error.code).toBe('upload_missing');

    const done = await uploadThroughApi(api, practice.staff, patient.patientId, { name: 'd.pdf', bytes: pdf.bytes });
    const again = await api.call('POST', `/api/practice/uploads/${done.create.body.uploadId}/complete`, { token: practice.staff });
    expect(done.complete?.status).toBe(201);
    expect(again.status).toBe(409);
  });

  it('keeps a superseded document, lists only the new version, and refuses superseding it twice', async () => {
    const [first, second] = (await generateDemoRecords(DEMO_PATIENT, DEMO_PRACTICE, { seed: 'versions' })).filter((d) => d.kind === 'pdf');
    const original = await uploadThroughApi(api, practice.staff, patient.patientId, { name: 'report.pdf', bytes: first!.bytes });
    const originalId = original.complete?.body.document.documentId;
    const corrected = await uploadThroughApi(api, practice.staff, patient.patientId, { name: 'report-corrected.pdf', bytes: second!.bytes, supersedes: originalId });
    const twice = await api.call('POST', `/api/practice/patients/${patient.patientId}/uploads`, { token: practice.staff, body: { filename: 'x.pdf', size: 10, sha256: 'c'.repeat(64), supersedes: originalId } });

    expect(corrected.complete?.status).toBe(201);
    expect(corrected.complete?.body.document).toMatchObject({ version: 2, supersedes: originalId });
    const list = await api.call('GET', `/api/practice/patients/${patient.patientId}/documents?limit=100`, { token: practice.staff });
    expect(list.body.items.map((d: { documentId: string }) => d.documentId)).not.toContain(originalId);
    expect((await api.call('GET', `/api/me/documents/${originalId}/download`, { token: patient.token })).status).toBe(200);
    expect(twice.status).toBe(409);
  });

  it('refuses an empty file at the start, with a message', async () => {
    const response = await api.call('POST', `/api/practice/patients/${patient.patientId}/uploads`, { token: practice.staff, body: { filename: 'empty.pdf', size: 0, sha256: sha(new Uint8Array()) } });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe('The file is empty.');
  });
});

describe.skipIf(!HAS_FIXTURES)('third-party files from ../shared/fixtures through the real upload path', () => {
  skipNoticeIfMissing('fixture uploads');
  let practice: TestPractice;
  let patient: TestPatient;
  beforeAll(async () => {
    practice = await api.newPractice('Fixture Practice');
    patient = await api.newPatient(practice);
  });

  const expected: Record<string, string> = {
    'billion-laughs-entity-bomb.xml': 'unsafe-xml',
    'deeply-nested-100k-arrays.json': 'too-deep',
    'html-with-script-named-as.pdf': 'disguised-type',
    'invalid-utf8-patient.json': 'invalid-encoding',
    'truncated-half-of-hl7-UD_sample.pdf': 'truncated',
    'windows-exe-header-named-as.pdf': 'disguised-type',
    'xxe-external-entity-hl7-CCD2.xml': 'unsafe-xml',
  };

  for (const file of fixtureFiles('bad-inputs')) {
    it(`bad-inputs/${file} is refused with a clear reason and leaves nothing visible`, async () => {
      const bytes = readFileSync(join(FIXTURES_DIR, 'bad-inputs', file));
      const outcome = await uploadThroughApi(api, practice.staff, patient.patientId, { name: file, bytes });
      const refusal = outcome.complete ?? outcome.create;

      expect(refusal.status).toBeGreaterThanOrEqual(400);
      expect(refusal.status).toBeLessThan(500);
      expect(refusal.body.error.message.length).toBeGreaterThan(10);
      if (expected[file]) expect(refusal.body.error.details[0].message).toBe(expected[file]);
      expect((await api.call('GET', '/api/me/documents', { token: patient.token })).body.items).toEqual([]);
      expect(await stagedObjects()).toEqual([]);
    });
  }

  for (const file of fixtureFiles('fhir/invalid')) {
    it(`fhir/invalid/${file} is refused with 422`, async () => {
      const bytes = readFileSync(join(FIXTURES_DIR, 'fhir', 'invalid', file));
      const outcome = await uploadThroughApi(api, practice.staff, patient.patientId, { name: file, bytes, contentType: 'application/fhir+json' });
      expect(outcome.complete?.status).toBe(422);
    });
  }

  for (const [folder, files] of [
    ['fhir/synthea-bundles', fixtureFiles('fhir/synthea-bundles')],
    ['fhir/ndjson', fixtureFiles('fhir/ndjson')],
    ['ccda', fixtureFiles('ccda')],
    ['pdf', fixtureFiles('pdf')],
  ] as const) {
    for (const file of files) {
      it(`${folder}/${file} is accepted`, async () => {
        const bytes = readFileSync(join(FIXTURES_DIR, folder, file));
        const outcome = await uploadThroughApi(api, practice.staff, patient.patientId, { name: file, bytes });
        expect(outcome.complete?.status, JSON.stringify(outcome.complete?.body)).toBe(201);
      });
    }
  }
});

describe('large files go up in parts (the test stack splits from 6 MiB, in 5 MiB parts)', () => {
  function bigPdf(megabytes: number): Uint8Array {
    const bytes = new Uint8Array(megabytes * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4096) bytes.set(createHash('sha256').update(String(i)).digest(), i);
    bytes.set(new TextEncoder().encode('%PDF-1.7\n'), 0);
    bytes.set(new TextEncoder().encode('\nstartxref\n0\n%%EOF\n'), bytes.length - 20);
    return bytes;
  }

  it('assembles the parts, verifies the whole, and the patient downloads the same bytes', async () => {
    const practice = await api.newPractice();
    const patient = await api.newPatient(practice);
    const bytes = bigPdf(13);

    const outcome = await uploadThroughApi(api, practice.staff, patient.patientId, { name: 'scan.pdf', bytes, contentType: 'application/pdf' });

    expect(outcome.create.body.method).toBe('MULTIPART');
    expect(outcome.create.body.parts).toHaveLength(3);
    expect(outcome.complete?.status, JSON.stringify(outcome.complete?.body)).toBe(201);
    const link = await api.call('GET', `/api/me/documents/${outcome.complete?.body.document.documentId}/download`, { token: patient.token });
    const downloaded = new Uint8Array(await (await fetch(link.body.url)).arrayBuffer());
    expect(sha(downloaded)).toBe(sha(bytes));
    expect(await stagedObjects()).toEqual([]);
  });

  it('refuses an upload whose last part never arrived, as a size mismatch', async () => {
    const practice = await api.newPractice();
    const patient = await api.newPatient(practice);
    const bytes = bigPdf(11);
    const create = await api.call('POST', `/api/practice/patients/${patient.patientId}/uploads`, { token: practice.staff, body: { filename: 'scan.pdf', size: bytes.length, sha256: sha(bytes) } });
    const first = create.body.parts[0];
    const put = await fetch(first.url, { method: 'PUT', body: new Uint8Array(bytes.subarray(0, create.body.partSize)) });
    const withoutParts = await api.call('POST', `/api/practice/uploads/${create.body.uploadId}/complete`, { token: practice.staff });

    const complete = await api.call('POST', `/api/practice/uploads/${create.body.uploadId}/complete`, { token: practice.staff, body: { parts: [{ partNumber: 1, etag: put.headers.get('etag') }] } });

    expect(withoutParts.status).toBe(409);
    expect(withoutParts.body.error.code).toBe('parts_missing');

    expect(complete.status).toBe(422);
    expect(complete.body.error.details[0].message).toBe('size-mismatch');
  });
});
