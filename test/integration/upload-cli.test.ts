import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateDemoRecords } from '../../shared/demo/generate';
import { PASSWORD, StackClient, type TestPatient, type TestPractice } from '../support/stack-client';

const run = promisify(execFile);
const { url, ports } = inject('stack');
const api = new StackClient(url, ports);
const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

describe('the bulk uploader (npm run upload) uses the public API', () => {
  let practice: TestPractice;
  let patient: TestPatient;
  let dir: string;
  const mrn = 'CLI-0001';

  beforeAll(async () => {
    practice = await api.newPractice('CLI Practice');
    const registered = await api.register(practice, { mrn, birthDate: '1966-06-06' });
    const signUp = await api.call('POST', '/api/auth/sign-up', { body: { email: `cli-${Date.now()}@test.example`, password: PASSWORD, invitationCode: registered.invitation.code, birthDate: '1966-06-06' } });
    patient = { email: '', patientId: registered.patient.patientId, token: signUp.body.tokens.idToken, accessToken: '', cookies: [] };
    dir = mkdtempSync(join(tmpdir(), 'portal-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function upload(files: string[], extra: string[] = []) {
    return run(TSX, [join(ROOT, 'scripts', 'upload.ts'), '--patient', mrn, '--url', url, ...extra, ...files], {
      env: { ...process.env, PORTAL_EMAIL: practice.staffEmail, PORTAL_PASSWORD: PASSWORD },
      cwd: ROOT,
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  }

  it('uploads several files with progress and a result line each; the patient sees them', async () => {
    const documents = await generateDemoRecords(
      { givenName: 'Cleo', familyName: 'Ames', birthDate: '1966-06-06', gender: 'female', mrn },
      { name: 'CLI Practice', phone: '(555) 010-0001', address: { line: '2 Main St', city: 'Springfield', state: 'IL', postalCode: '62701' }, clinician: { givenName: 'Ada', familyName: 'Lind', npi: '1234567893' } },
      { seed: 'cli' },
    );
    const files = documents.map((d) => {
      const file = join(dir, d.filename);
      writeFileSync(file, d.bytes);
      return file;
    });

    const result = await upload(files);

    expect(result.code).toBe(0);
    expect(result.stdout.match(/^✔ /gm)).toHaveLength(files.length);
    expect(result.stdout).toContain(`${files.length} accepted, 0 refused`);
    expect(result.stderr).toMatch(/100%/);
    const mine = await api.call('GET', '/api/me/documents', { token: patient.token });
    expect(mine.body.items).toHaveLength(files.length);
  });

  it('exits non-zero and says why when a file is refused, still uploading the others', async () => {
    const bad = join(dir, 'not-really.pdf');
    writeFileSync(bad, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]));
    const good = join(dir, 'note.json');
    writeFileSync(good, JSON.stringify({ resourceType: 'Condition', id: 'c1', subject: { display: 'x' }, code: { text: 'Seasonal allergies' } }));

    const result = await upload([bad, good]);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✖ not-really\.pdf: .*Windows program/i);
    expect(result.stdout).toMatch(/✔ note\.json/);
    expect(result.stdout).toContain('1 accepted, 1 refused');
  });

  it('exits 2 with a clear message for an unknown MRN or a wrong password', async () => {
    const file = join(dir, 'x.pdf');
    writeFileSync(file, '%PDF-1.4\n%%EOF\n');
    const unknown = await run(TSX, [join(ROOT, 'scripts', 'upload.ts'), '--patient', 'NOPE-1', '--url', url, file], {
      env: { ...process.env, PORTAL_EMAIL: practice.staffEmail, PORTAL_PASSWORD: PASSWORD },
    }).catch((e: { code: number; stderr: string }) => e);
    const wrong = await run(TSX, [join(ROOT, 'scripts', 'upload.ts'), '--patient', mrn, '--url', url, file], {
      env: { ...process.env, PORTAL_EMAIL: practice.staffEmail, PORTAL_PASSWORD: 'Wrong-Password-9!' },
    }).catch((e: { code: number; stderr: string }) => e);

    expect((unknown as { code: number }).code).toBe(2);
    expect((unknown as { stderr: string }).stderr).toContain('No patient with MRN NOPE-1');
    expect((wrong as { code: number }).code).toBe(2);
    expect((wrong as { stderr: string }).stderr).toMatch(/Sign-in failed: The e-mail address or password is not correct/);
  });
});

describe('the bulk uploader sends large files in parts', () => {
  it('uploads a file above the multipart threshold part by part, and it is accepted intact', async () => {
    const practice = await api.newPractice('CLI Parts Practice');
    const mrn = 'CLI-PARTS-1';
    await api.register(practice, { mrn });
    const dir = mkdtempSync(join(tmpdir(), 'portal-cli-parts-'));
    const bytes = Buffer.alloc(12 * 1024 * 1024, 7);
    bytes.write('%PDF-1.7\n', 0);
    bytes.write('\nstartxref\n0\n%%EOF\n', bytes.length - 20);
    const file = join(dir, 'scan.pdf');
    writeFileSync(file, bytes);

    const result = await run(TSX, [join(ROOT, 'scripts', 'upload.ts'), '--patient', mrn, '--url', url, file], {
      env: { ...process.env, PORTAL_EMAIL: practice.staffEmail, PORTAL_PASSWORD: PASSWORD },
    }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    rmSync(dir, { recursive: true, force: true });

    expect((result as { stdout: string }).stdout).toContain('1 accepted, 0 refused');
    const list = await api.call('GET', `/api/practice/patients?mrn=${mrn}`, { token: practice.staff });
    const docs = await api.call('GET', `/api/practice/patients/${list.body.items[0].patientId}/documents`, { token: practice.staff });
    expect(docs.body.items[0].size).toBe(bytes.length);
    expect(docs.body.items[0].sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
