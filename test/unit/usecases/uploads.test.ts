import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateDemoRecords } from '../../../shared/demo/generate';
import type { Principal } from '../../../shared/domain/principal';
import { completeUpload, createUpload, downloadMyDocument } from '../../../shared/usecases/uploads';
import { memoryDeps, type TestDeps } from '../../support/memory';

const ctx = { requestId: 'r', sourceIp: '192.0.2.1' };
const staff: Principal = { kind: 'staff', role: 'staff', accountId: 'staff-1', practiceId: 'pr-1', email: 's@p.example' };
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function setup(): Promise<TestDeps> {
  const deps = memoryDeps();
  await deps.directory.putPractice({ practiceId: 'pr-1', name: 'Practice One' });
  deps.directory.patients.set('pr-1#pt-1', { patientId: 'pt-1', practiceId: 'pr-1', mrn: 'M', givenName: 'A', familyName: 'B', birthDate: '1990-01-01', createdAt: '', createdBy: '', accountId: 'acct-1' });
  deps.directory.links.set('acct-1#pr-1', { accountId: 'acct-1', practiceId: 'pr-1', patientId: 'pt-1', linkedAt: '' });
  return deps;
}

/** What the client does between the two calls: PUT the bytes to the staging key. */
async function uploadBytes(deps: TestDeps, bytes: Uint8Array, extra: { supersedes?: string; sha256?: string } = {}) {
  const started = await createUpload(deps, staff, 'pt-1', { filename: 'f.bin', size: bytes.byteLength, sha256: extra.sha256 ?? sha(bytes), ...(extra.supersedes ? { supersedes: extra.supersedes } : {}) }, ctx);
  const upload = deps.uploads.uploads.get(started.uploadId)!;
  await deps.blobs.put(upload.stagingKey, bytes, 'application/octet-stream');
  return started;
}

describe('uploads', () => {
  it('refuse a patient of another practice as not found', async () => {
    const deps = await setup();
    await expect(createUpload(deps, { ...staff, practiceId: 'pr-2' }, 'pt-1', { filename: 'x.pdf', size: 1, sha256: 'a'.repeat(64) }, ctx)).rejects.toMatchObject({ status: 404 });
  });

  it('make nothing visible for a refused file, remove it from staging, and record why', async () => {
    const deps = await setup();
    const exe = new Uint8Array([0x4d, 0x5a, ...new Array(100).fill(0)]);
    const started = await uploadBytes(deps, exe);

    const error = await completeUpload(deps, staff, started.uploadId, ctx).catch((e) => e);

    expect(error).toMatchObject({ status: 422, code: 'file_rejected' });
    expect(error.message).toMatch(/Windows program/);
    expect(deps.documents.documents).toEqual([]);
    expect([...deps.blobs.objects.keys()]).toEqual([]);
    expect(deps.uploads.uploads.get(started.uploadId)).toMatchObject({ status: 'rejected', reason: { code: 'disguised-type' } });
    expect(deps.audit.all().at(-1)).toMatchObject({ action: 'document.create', outcome: 'failure', reason: 'disguised-type' });
  });

  it('turn an accepted bundle into a document and structured items, and a corrected version into version 2', async () => {
    const deps = await setup();
    const documents = await generateDemoRecords(
      { givenName: 'A', familyName: 'B', birthDate: '1990-01-01', gender: 'female', mrn: 'M' },
      { name: 'Practice One', phone: '1', address: { line: 'x', city: 'y', state: 'IL', postalCode: '1' }, clinician: { givenName: 'C', familyName: 'D', npi: '1234567893' } },
      { seed: 'unit' },
    );
    const bundle = documents.find((d) => d.kind === 'fhir')!;
    const first = await completeUpload(deps, staff, (await uploadBytes(deps, bundle.bytes)).uploadId, ctx);
    const second = await completeUpload(deps, staff, (await uploadBytes(deps, bundle.bytes, { supersedes: first.document.documentId })).uploadId, ctx);

    expect(first.document).toMatchObject({ kind: 'fhir', version: 1, sha256: sha(bundle.bytes) });
    expect(first.structured.added).toBeGreaterThan(10);
    expect(second.document).toMatchObject({ version: 2, supersedes: first.document.documentId });
    expect(second.structured).toMatchObject({ added: 0, alreadyKnown: first.structured.items });
    expect((await deps.documents.listForPatients(['pt-1'], { limit: 10 })).items.map((d) => d.documentId)).toEqual([second.document.documentId]);
    await expect(downloadMyDocument(deps, { kind: 'patient', role: 'patient', accountId: 'acct-1', email: '' }, first.document.documentId, ctx)).resolves.toMatchObject({ filename: 'f.bin' });
  });

  it('refuse a checksum mismatch and allow no second completion', async () => {
    const deps = await setup();
    const started = await uploadBytes(deps, new TextEncoder().encode('%PDF-1.4\n%%EOF\n'), { sha256: 'e'.repeat(64) });
    await expect(completeUpload(deps, staff, started.uploadId, ctx)).rejects.toMatchObject({ status: 422 });
    await expect(completeUpload(deps, staff, started.uploadId, ctx)).rejects.toMatchObject({ status: 409 });
  });
});
