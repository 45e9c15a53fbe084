import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { generateDemoRecords } from '../../shared/demo/generate';
import { validateR4 } from '../../shared/ingest/r4-validator';
import { parseXmlSafely } from '../../shared/ingest/xml';
import { PDFDocument } from 'pdf-lib';
import { StackClient, type TestPatient, type TestPractice, uploadThroughApi } from '../support/stack-client';

const { url, ports } = inject('stack');
const api = new StackClient(url, ports);

const PATIENT = { givenName: 'Nora', familyName: 'Quill', birthDate: '1966-04-02', gender: 'female' as const, mrn: 'EXP-1' };
const PRACTICE = {
  name: 'Export Practice',
  phone: '(555) 010-0004',
  address: { line: '5 Main St', city: 'Springfield', state: 'IL', postalCode: '62701' },
  clinician: { givenName: 'Ana', familyName: 'Cole', npi: '1234567893' },
};

let practice: TestPractice;
let patient: TestPatient;
let problems = 0;

async function download(link: { url: string }) {
  const response = await fetch(link.url);
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

beforeAll(async () => {
  practice = await api.newPractice('Export Practice');
  patient = await api.newPatient(practice);
  const bundle = (await generateDemoRecords(PATIENT, PRACTICE, { seed: 'exports' })).find((d) => d.kind === 'fhir')!;
  const outcome = await uploadThroughApi(api, practice.staff, patient.patientId, { name: bundle.filename, bytes: bundle.bytes });
  expect(outcome.complete?.status).toBe(201);
  let cursor: string | undefined;
  do {
    const page = await api.call('GET', `/api/me/record/problems?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: patient.token });
    problems += page.body.items.length;
    cursor = page.body.nextCursor;
  } while (cursor);
  expect(problems).toBeGreaterThan(0);
});

describe('POST /api/me/exports: the patient downloads their record', () => {
  it.each([
    ['fhir', 'application/fhir+json', /\.json$/],
    ['pdf', 'application/pdf', /\.pdf$/],
    ['ccda', 'application/xml', /\.xml$/],
  ])('as %s: a short-lived attachment link whose bytes match the answer', async (format, contentType, extension) => {
    const created = await api.call('POST', '/api/me/exports', { token: patient.token, body: { format } });

    expect(created.status).toBe(201);
    expect(created.body.filename).toMatch(extension);
    expect(created.body.filename).not.toMatch(/nora|quill/i);
    expect(created.body.url).not.toMatch(/nora|quill/i);
    expect(created.body.contentType).toBe(contentType);
    expect(created.body.itemCount).toBeGreaterThan(problems);
    const { response, bytes } = await download(created.body);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(bytes.byteLength).toBe(created.body.size);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(created.body.sha256);
    if (format === 'fhir') {
      const bundle = JSON.parse(Buffer.from(bytes).toString('utf8'));
      expect(validateR4(bundle)).toBeUndefined();
      expect(bundle.entry.filter((e: any) => e.resource.resourceType === 'Condition')).toHaveLength(problems);
      expect(bundle.entry.find((e: any) => e.resource.resourceType === 'Patient').resource.name[0].family).toBe('Tester');
    }
    if (format === 'pdf') expect((await PDFDocument.load(bytes)).getPageCount()).toBeGreaterThan(1);
    if (format === 'ccda') expect(parseXmlSafely(bytes).name).toBe('ClinicalDocument');
  });

  it('a range that holds nothing gives a valid file with no items', async () => {
    const created = await api.call('POST', '/api/me/exports', { token: patient.token, body: { format: 'fhir', from: '1900-01-01', to: '1900-12-31' } });

    expect(created.status).toBe(201);
    expect(created.body.itemCount).toBe(0);
    const bundle = JSON.parse(Buffer.from((await download(created.body)).bytes).toString('utf8'));
    expect(validateR4(bundle)).toBeUndefined();
    expect(bundle.entry.filter((e: any) => e.resource.resourceType !== 'Patient')).toHaveLength(0);
  });

  it('carries a denied correction request with its letter and the patient’s disagreement (read back from DynamoDB)', async () => {
    const asked = await api.call('POST', '/api/me/corrections', {
      token: patient.token,
      body: { target: { kind: 'general', practiceId: practice.practiceId }, whatIsWrong: 'Export-check: wrong smoking status.', shouldSay: 'Never smoked.', reason: 'I never have.' },
    });
    const path = `/api/practice/patients/${patient.patientId}/corrections/${asked.body.requestId}`;
    expect((await api.call('POST', `${path}/deny`, { token: practice.staff, body: { ground: 'accurate-and-complete', explanation: 'Recorded at the 2024 visit.' } })).status).toBe(200);
    expect((await api.call('POST', `/api/me/corrections/${asked.body.requestId}/disagreement`, { token: patient.token, body: { statement: 'Export-check: I disagree.' } })).status).toBe(200);

    const created = await api.call('POST', '/api/me/exports', { token: patient.token, body: { format: 'fhir' } });
    const bundle = JSON.parse(Buffer.from((await download(created.body)).bytes).toString('utf8'));

    expect(validateR4(bundle)).toBeUndefined();
    const references = bundle.entry.filter((e: any) => e.resource.resourceType === 'DocumentReference' && e.resource.identifier?.some((i: any) => i.value === asked.body.requestId));
    expect(references).toHaveLength(1);
    const text = Buffer.from(references[0].resource.content[0].attachment.data, 'base64').toString('utf8');
    expect(text).toContain('Export-check: wrong smoking status.');
    expect(text).toContain('Recorded at the 2024 visit.');
    expect(text).toContain('Office for Civil Rights');
    expect(text).toContain('Export-check: I disagree.');
  });

  it.each([
    [{ format: 'pdf', from: '2026-03-01', to: '2026-02-01' }],
    [{ format: 'pdf', from: '2026-02-30' }],
    [{ format: 'docx' }],
    [{ format: 'fhir', patientId: 'someone-else' }],
  ])('refuses %j with 400', async (body) => {
    const response = await api.call('POST', '/api/me/exports', { token: patient.token, body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBeTruthy();
  });
});
