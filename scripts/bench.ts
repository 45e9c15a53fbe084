/**
 * `npm run bench`: speed of the records paths against the local stack, each as a ratio to a baseline measured in
 * the same run on the same data, so that the numbers mean something on any machine. Writes the table to stdout
 * (and to the file given with --out). See BENCHMARKS.md for how to read it.
 *
 * `--only documents,ingest,upload,audit,activity` runs some of the cases; `--quick` runs smaller sizes.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { freePort } from '../infra/local/emulators';
import { startLocalStack } from '../infra/local/stack';
import { DynamoRecordStore, itemKeyOf } from '../shared/adapters/dynamodb/record-store';
import { generateDemoRecords } from '../shared/demo/generate';
import { clinicalDate } from '../shared/domain/record';
import { ingestFile } from '../shared/ingest/ingest';
import { BUCKETS, TABLES } from '../shared/platform/resources';
import { StackClient, uploadThroughApi } from '../test/support/stack-client';
import { benchActivity, benchRecordViewAudit } from './bench/audit';
import { record, table, time } from './bench/measure';

const CASES = ['documents', 'ingest', 'upload', 'audit', 'activity'] as const;
const { values } = parseArgs({ options: { out: { type: 'string' }, quick: { type: 'boolean' }, only: { type: 'string' } } });
const QUICK = values.quick ?? false;
const ONLY = new Set(values.only ? values.only.split(',').map((c) => c.trim()) : CASES);
for (const name of ONLY) if (!(CASES as readonly string[]).includes(name)) throw new Error(`--only: unknown case ${name} (cases: ${CASES.join(', ')})`);
const FIXTURES = resolve(import.meta.dirname, '..', '..', 'shared', 'fixtures', 'fhir', 'synthea-bundles');

const dataDir = mkdtempSync(join(tmpdir(), 'portal-bench-'));
const stack = await startLocalStack({
  dataDir,
  inMemory: true,
  port: await freePort(),
  ports: { dynamodb: await freePort(), s3: await freePort(), cognito: await freePort() },
  web: 'none',
  env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
  // No digest publisher ticking in this process (in AWS it is a Lambda of its own): it would add its reads to whichever side it lands on.
  auditDigestIntervalMs: 0,
});
const api = new StackClient(stack.url, stack.ports);

try {
  const practice = await api.newPractice('Bench Practice');

  // 1. Record-list pages at 100 and 10,000 documents: the API (auth, scope, merged query, audit) vs a raw Query.
  for (const total of ONLY.has('documents') ? [100, QUICK ? 2000 : 10_000] : []) {
    const patient = await api.newPatient(practice);
    const items = Array.from({ length: total }, (_, i) => {
      const date = new Date(Date.UTC(2000, 0, 1) + i * 3_600_000).toISOString().slice(0, 10);
      const documentId = randomUUID();
      return {
        pk: `PATIENT#${patient.patientId}`,
        sk: `DOC#${date}#${documentId}`,
        gsi1pk: `DOCUMENT#${documentId}`,
        gsi1sk: 'DOCUMENT',
        type: 'document',
        documentId,
        patientId: patient.patientId,
        practiceId: practice.practiceId,
        title: `Document ${i}`,
        kind: 'pdf',
        contentType: 'application/pdf',
        size: 1000,
        sha256: '0'.repeat(64),
        date,
        objectKey: 'k',
        createdAt: date,
        createdBy: 'bench',
      };
    });
    for (let i = 0; i < items.length; i += 25) {
      await api.doc.send(new BatchWriteCommand({ RequestItems: { [TABLES.main.localName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
    // The cursor of the last page, reached the way a person would: page after page.
    let cursor: string | undefined;
    let lateCursor: string | undefined;
    do {
      const page = await api.call('GET', `/api/me/documents?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: patient.token });
      lateCursor = cursor;
      cursor = page.body.nextCursor;
    } while (cursor);
    const lateKey = lateCursor ? (JSON.parse(Buffer.from(lateCursor, 'base64url').toString()) as Record<string, unknown>)[patient.patientId] : undefined;
    const raw = (start?: unknown) => () =>
      api.doc.send(
        new QueryCommand({
          TableName: TABLES.main.localName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :doc)',
          ExpressionAttributeValues: { ':pk': `PATIENT#${patient.patientId}`, ':doc': 'DOC#' },
          ScanIndexForward: false,
          Limit: 25,
          ...(start ? { ExclusiveStartKey: start as Record<string, unknown> } : {}),
        }),
      );
    const runs = QUICK ? 10 : 30;
    record(`documents page 1 of 25 at ${total} records (API vs raw Query)`, await time(runs, () => api.call('GET', '/api/me/documents?limit=25', { token: patient.token })), await time(runs, raw()));
    if (lateCursor) {
      record(
        `documents late page of 25 at ${total} records (API vs raw Query)`,
        await time(runs, () => api.call('GET', `/api/me/documents?limit=25&cursor=${lateCursor}`, { token: patient.token })),
        await time(runs, raw(lateKey)),
      );
    }
  }

  // 2. Ingest of a 3,000+ entry bundle: parse, validate, normalise, classify and merge vs a raw BatchWrite of the same items.
  if (ONLY.has('ingest')) {
    let bundle: { resourceType: 'Bundle'; type: string; entry: Array<{ fullUrl: string; resource: Record<string, unknown> }> };
    if (existsSync(FIXTURES)) {
      // The SMART Synthea bundles reference by urn:uuid only, so new ids make a copy a different, valid set of resources.
      const sources = readdirSync(FIXTURES).filter((f) => f.startsWith('smart-')).map((f) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as typeof bundle);
      const entries: typeof bundle.entry = [];
      // Copies of the Synthea bundles under new ids until there are 3,000+ entries, references rewritten to match.
      for (let copy = 0; entries.length < 3000; copy++) {
        for (const source of sources) {
          const text = JSON.stringify(source.entry).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => createHash('sha1').update(`${copy}:${id}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5'));
          entries.push(...(JSON.parse(text) as typeof bundle.entry).filter((e) => e.resource.resourceType !== 'Patient' || copy === 0));
        }
      }
      bundle = { resourceType: 'Bundle', type: sources[0]!.type, entry: entries };
    } else {
      const demo = await generateDemoRecords({ givenName: 'Bench', familyName: 'Mark', birthDate: '1950-01-01', gender: 'male', mrn: 'B-1' }, { name: 'Bench', phone: '1', address: { line: 'x', city: 'y', state: 'IL', postalCode: '1' }, clinician: { givenName: 'A', familyName: 'B', npi: '1234567893' } }, { seed: 'bench', visits: 24 });
      bundle = JSON.parse(new TextDecoder().decode(demo.find((d) => d.kind === 'fhir')!.bytes));
    }
    const bytes = new TextEncoder().encode(JSON.stringify(bundle));
    console.log(`bundle: ${bundle.entry.length} entries, ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB`);
    const store = new DynamoRecordStore(api.doc, TABLES.main.localName);
    const ingestRuns = QUICK ? 2 : 5;
    const measured = await time(ingestRuns, async () => {
      const result = await ingestFile(bytes, { documentId: randomUUID() });
      await store.merge(`bench-${randomUUID()}`, practice.practiceId, randomUUID(), result.resources, new Date());
    });
    const prepared = await ingestFile(bytes, { documentId: 'bench' });
    const baseline = await time(ingestRuns, async () => {
      const patientId = `raw-${randomUUID()}`;
      const items = prepared.resources.map((r) => ({
        pk: `RECORD#${patientId}`,
        sk: `ITEM#${r.dataClass}#${itemKeyOf(r.dedupeKey)}`,
        gsi1pk: `RECORD#${patientId}#${r.dataClass}`,
        gsi1sk: `${clinicalDate(r.resource) ?? '0000-00-00'}#${itemKeyOf(r.dedupeKey)}`,
        resource: JSON.stringify(r.resource),
      }));
      for (let i = 0; i < items.length; i += 25) {
        await api.doc.send(new BatchWriteCommand({ RequestItems: { [TABLES.main.localName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
      }
    });
    record(`ingest ${bundle.entry.length}-entry bundle, ${prepared.resources.length} items (pipeline vs raw BatchWrite)`, measured, baseline);
  }

  // 3. A 100 MB upload through the portal's path (presign, PUT, verify) vs a raw presigned PUT of the same bytes.
  if (ONLY.has('upload')) {
    const size = (QUICK ? 20 : 100) * 1024 * 1024;
    const big = new Uint8Array(size);
    for (let i = 0; i < size; i += 65536) big.set(createHash('sha256').update(String(i)).digest(), i);
    big.set(new TextEncoder().encode('%PDF-1.7\n'), 0);
    big.set(new TextEncoder().encode('\nstartxref\n0\n%%EOF\n'), size - 20);
    const patient = await api.newPatient(practice);
    const uploadRuns = QUICK ? 2 : 3;
    const viaPortal = await time(uploadRuns, async () => {
      const outcome = await uploadThroughApi(api, practice.staff, patient.patientId, { name: 'big.pdf', bytes: big, contentType: 'application/pdf' });
      if (outcome.complete?.status !== 201) throw new Error(`upload failed: ${JSON.stringify(outcome.complete?.body)}`);
    });
    const rawPut = await time(uploadRuns, async () => {
      const url = await getSignedUrl(api.clients.s3, new PutObjectCommand({ Bucket: BUCKETS.documents.localName, Key: `bench/${randomUUID()}`, ContentType: 'application/pdf' }), { expiresIn: 300 });
      const response = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: big });
      if (!response.ok) throw new Error(`raw PUT failed: ${response.status}`);
    });
    record(`upload ${size / 1024 / 1024} MB (presign + PUT + verify vs raw presigned PUT)`, viaPortal, rawPut);
  }

  // 4. What auditing costs a record view: the same handler with the real audit log and with one that does nothing.
  if (ONLY.has('audit')) await benchRecordViewAudit(api, practice, QUICK);

  // 5. The activity page at 100,000 events in one chain vs a raw Query of the same page on the byTime index.
  if (ONLY.has('activity')) await benchActivity(api, practice, QUICK);

  console.log(`\n${table()}\n`);
  if (values.out) writeFileSync(values.out, `${table()}\n`);
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
