import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { S3DigestArchive } from '../../../shared/adapters/s3/digest-archive';
import { loadAuditDigestConfig } from '../../../shared/platform/config';
import { canonicalJson, hashEvent, type AuditEvent, type AuditEventInput } from '../../../shared/domain/audit';
import {
  addHours,
  diagnoseChain,
  digestKey,
  dueHours,
  encodeDigest,
  publishAuditDigest,
  verifyAll,
  verifyExport,
  type AuditDigest,
} from '../../../shared/usecases/audit-digests';
import { handler as publishHandler, setAuditDigestDeps } from '../../../functions/system/publish-audit-digest';
import { memoryDeps, type TestDeps } from '../../support/memory';
import type { MemoryDigestArchive } from '../../support/memory-digests';

const HOUR = '2026-11-22T12';
const MINUTE = 60_000;
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

const read = (patientId: string, actor = 'staff-1'): AuditEventInput => ({ actor: { id: actor, role: 'staff', practiceId: 'p1' }, action: 'patient.read', outcome: 'success', patientId, practiceId: 'p1' });

/** Memory deps whose clock starts at 12:00: patient A gets 4 events and B 2 in the hour 12, then the clock is at 13:05. */
async function withActivity(): Promise<{ deps: TestDeps; archive: MemoryDigestArchive; a: string; b: string }> {
  const deps = memoryDeps();
  for (let i = 0; i < 4; i++) {
    await deps.audit.append(read('A'));
    deps.clock.advance(5 * MINUTE);
  }
  await deps.audit.append(read('B'));
  await deps.audit.append({ ...read('B'), action: 'document.download' });
  deps.clock.advance(65 * MINUTE);
  return { deps, archive: deps.digests as MemoryDigestArchive, a: 'PATIENT#A', b: 'PATIENT#B' };
}

function digestIn(archive: MemoryDigestArchive, hour = HOUR): AuditDigest {
  return JSON.parse(Buffer.from(archive.objects.get(digestKey(hour))!).toString('utf8')) as AuditDigest;
}

/** What an attacker with write access to the table does to hide an edit: every hash recomputed from there on. */
function rehash(events: AuditEvent[], from = 0): void {
  for (let i = from; i < events.length; i++) {
    const { hash: _old, ...rest } = events[i]!;
    const base = { ...rest, prevHash: i === 0 ? rest.prevHash : events[i - 1]!.hash };
    events[i] = { ...base, hash: hashEvent(base) };
  }
}

describe('publishing the digest of an hour', () => {
  it('writes one object that fixes the head of every chain changed in the hour, sorted, with its root, then anchors each chain', async () => {
    // Prepare
    const { deps, archive, a, b } = await withActivity();
    const headA = (await deps.audit.head(a))!;
    const headB = (await deps.audit.head(b))!;
    // Act
    const result = await publishAuditDigest(deps, HOUR);
    // Assess
    expect(result).toMatchObject({ period: HOUR, key: 'digests/2026/11/22/12.json', chains: 2, written: true, conflict: false });
    expect([...archive.objects.keys()]).toEqual(['digests/2026/11/22/12.json']);
    const bytes = archive.objects.get(result.key)!;
    const digest = digestIn(archive);
    expect(digest).toEqual({
      format: 'open-patient-portal/audit-digest/v1',
      period: HOUR,
      publishedAt: '2026-11-22T13:25:00.000Z',
      chains: [
        { chain: a, seq: 4, hash: headA.hash },
        { chain: b, seq: 2, hash: headB.hash },
      ],
      root: sha256(canonicalJson(digest.chains)),
    });
    expect(result.digestSha256).toBe(sha256(bytes));
    expect(deps.audit.anchors).toEqual([
      { chain: a, period: HOUR, seq: 4, hash: headA.hash, digestKey: result.key, digestSha256: sha256(bytes), publishedAt: digest.publishedAt },
      { chain: b, period: HOUR, seq: 2, hash: headB.hash, digestKey: result.key, digestSha256: sha256(bytes), publishedAt: digest.publishedAt },
    ]);
  });

  it('is idempotent: a second run finds the same list, writes nothing and adds no anchor', async () => {
    const { deps, archive } = await withActivity();
    const first = await publishAuditDigest(deps, HOUR);
    deps.clock.advance(60 * MINUTE);

    const second = await publishAuditDigest(deps, HOUR);

    expect(second).toMatchObject({ written: false, conflict: false, digestSha256: first.digestSha256, root: first.root });
    expect(archive.puts).toHaveLength(1);
    expect(deps.audit.anchors).toHaveLength(2);
  });

  it('completes the anchors of a digest whose first run stopped before anchoring', async () => {
    const { deps } = await withActivity();
    await publishAuditDigest(deps, HOUR);
    deps.audit.anchors = [];

    await publishAuditDigest(deps, HOUR);

    expect(deps.audit.anchors.map((x) => x.chain)).toEqual(['PATIENT#A', 'PATIENT#B']);
  });

  it('fixes each chain at its last event of the hour, even when the chain has moved on since', async () => {
    const { deps, archive, a } = await withActivity();
    const lastInHour = (await deps.audit.head(a))!;
    await deps.audit.append(read('A'));

    await publishAuditDigest(deps, HOUR);

    expect(digestIn(archive).chains[0]).toEqual({ chain: a, seq: 4, hash: lastInHour.hash });
  });

  it('writes nothing for an hour in which nothing was recorded', async () => {
    const { deps, archive } = await withActivity();
    expect(await publishAuditDigest(deps, '2026-11-22T09')).toMatchObject({ chains: 0, written: false });
    expect(archive.objects.size).toBe(0);
  });

  it('refuses an hour that has not begun and anything that is not an hour', async () => {
    const { deps } = await withActivity();
    await expect(publishAuditDigest(deps, '2026-11-22T14')).rejects.toThrow(/not begun/);
    await expect(publishAuditDigest(deps, '2026-11-22T12:00')).rejects.toThrow(/Not an hour/);
    await expect(publishAuditDigest(deps, '2026-02-30T12')).rejects.toThrow(/Not an hour/);
  });

  it('never replaces a published digest that lists something else (write-once), unless told to (the local stack)', async () => {
    // Prepare: the hour is published while in progress, then gets one more event.
    const deps = memoryDeps();
    const archive = deps.digests as MemoryDigestArchive;
    await deps.audit.append(read('A'));
    await publishAuditDigest(deps, HOUR);
    const published = archive.objects.get(digestKey(HOUR))!;
    deps.clock.advance(10 * MINUTE);
    await deps.audit.append(read('A'));
    // Act
    const refused = await publishAuditDigest(deps, HOUR);
    // Assess
    expect(refused).toMatchObject({ conflict: true, written: false, digestSha256: sha256(published) });
    expect(archive.objects.get(digestKey(HOUR))).toEqual(published);
    // Act: the local stack republishes the hour in progress.
    const replaced = await publishAuditDigest(deps, HOUR, { replace: true });
    // Assess
    expect(replaced).toMatchObject({ conflict: false, written: true });
    expect(digestIn(archive).chains[0]!.seq).toBe(2);
    expect((await deps.audit.latestAnchor('PATIENT#A'))).toMatchObject({ seq: 2, digestSha256: replaced.digestSha256 });
  });

  it('publishes the previous hour and the one before it on schedule, and the hour in progress locally', () => {
    const now = new Date('2026-11-22T00:07:00Z');
    expect(dueHours(now)).toEqual(['2026-11-21T22', '2026-11-21T23']);
    expect(dueHours(now, { includeCurrent: true })).toEqual(['2026-11-21T23', '2026-11-22T00']);
    expect(addHours('2026-12-31T23', 1)).toBe('2027-01-01T00');
  });
});

describe('verifying the log against the digests', () => {
  async function published() {
    const setup = await withActivity();
    await publishAuditDigest(setup.deps, HOUR);
    return setup;
  }
  const problemsOf = async (deps: TestDeps, chain: string) => (await verifyAll(deps)).chains.find((c) => c.chain === chain)!.problems;

  it('finds nothing wrong with an untouched log', async () => {
    const { deps } = await published();
    const report = await verifyAll(deps);
    expect(report).toMatchObject({ ok: true, digests: { count: 1, problems: [] }, totals: { chains: 2, events: 6, chainsWithProblems: 0, problems: 0 } });
    expect(report.chains.map((c) => [c.chain, c.digestedThrough])).toEqual([
      ['PATIENT#A', 4],
      ['PATIENT#B', 2],
    ]);
  });

  it('reports a changed event', async () => {
    const { deps, a } = await published();
    deps.audit.chains.get(a)![1]!.outcome = 'denied';
    expect(await problemsOf(deps, a)).toEqual([{ kind: 'changed', seq: 2 }]);
  });

  it('reports a deleted event', async () => {
    const { deps, a } = await published();
    deps.audit.chains.get(a)!.splice(1, 1);
    expect(await problemsOf(deps, a)).toEqual([
      { kind: 'missing', seq: 2 },
      { kind: 'broken-link', seq: 3 },
    ]);
  });

  it('reports two events that swapped places as re-ordered, not as changed', async () => {
    const { deps, a } = await published();
    const events = deps.audit.chains.get(a)!;
    const [second, third] = [events[1]!, events[2]!];
    events[1] = { ...third, seq: 2 };
    events[2] = { ...second, seq: 3 };
    expect(await problemsOf(deps, a)).toEqual([
      { kind: 'reordered', seq: 2, originalSeq: 3 },
      { kind: 'reordered', seq: 3, originalSeq: 2 },
    ]);
  });

  it('catches a chain rewritten with every hash recomputed, which the chain alone cannot show, by its digest', async () => {
    // Prepare: an attacker changes an event and re-hashes the chain from there on.
    const { deps, a } = await published();
    const events = deps.audit.chains.get(a)!;
    const digested = events[3]!.hash;
    events[1] = { ...events[1]!, outcome: 'denied' };
    rehash(events, 1);
    expect(diagnoseChain(events)).toEqual([]);
    // Act
    const problems = await problemsOf(deps, a);
    // Assess
    expect(problems).toEqual([{ kind: 'digest-mismatch', seq: 4, period: HOUR, digestKey: digestKey(HOUR), expected: digested, found: events[3]!.hash }]);
  });

  it('catches the same rewrite when the attacker also rewrites the anchor row: the archive is what counts', async () => {
    const { deps, a } = await published();
    const events = deps.audit.chains.get(a)!;
    events[0] = { ...events[0]!, actor: { id: 'someone-else', role: 'staff', practiceId: 'p1' } };
    rehash(events, 0);
    const anchor = deps.audit.anchors.find((x) => x.chain === a)!;
    anchor.hash = events[3]!.hash;

    const problems = await problemsOf(deps, a);

    expect(problems).toEqual([
      expect.objectContaining({ kind: 'digest-mismatch', seq: 4 }),
      { kind: 'anchor-mismatch', period: HOUR, problem: 'differs-from-digest' },
    ]);
  });

  it('catches a chain cut short after its digest', async () => {
    const { deps, a } = await published();
    const digested = deps.audit.chains.get(a)![3]!.hash;
    deps.audit.chains.get(a)!.splice(2);
    expect(await problemsOf(deps, a)).toEqual([{ kind: 'digest-mismatch', seq: 4, period: HOUR, digestKey: digestKey(HOUR), expected: digested }]);
  });

  it('reports a digest object that does not match its anchors or its root', async () => {
    const { deps, archive, a } = await published();
    const key = digestKey(HOUR);
    const digest = digestIn(archive);
    digest.chains[0]!.hash = 'f'.repeat(64);
    archive.objects.set(key, encodeDigest(digest));

    const report = await verifyAll(deps);

    expect(report.ok).toBe(false);
    expect(report.digests.problems).toEqual([{ key, problem: 'contents', message: 'root does not match the list of chains' }]);
    expect(report.chains.find((c) => c.chain === a)!.problems).toEqual(
      expect.arrayContaining([{ kind: 'anchor-mismatch', period: HOUR, problem: 'digest-sha256' }, expect.objectContaining({ kind: 'digest-mismatch', seq: 4 })]),
    );
  });

  it('reports events the publisher never digested once their hour is well past', async () => {
    const { deps, b } = await withActivity();
    deps.clock.advance(60 * MINUTE);
    // 14:25: the hour 12 ended 85 minutes ago, more than the 70 minutes allowed.
    expect(await problemsOf(deps, b)).toEqual([{ kind: 'undigested', fromSeq: 1, toSeq: 2, oldestAt: '2026-11-22T12:20:00.000Z' }]);
    expect((await verifyAll(deps, { graceMinutes: 120 })).ok).toBe(true);
  });

  it('checks only the chains asked for', async () => {
    const { deps, a } = await published();
    deps.audit.chains.get('PATIENT#B')![0]!.outcome = 'failure';
    const report = await verifyAll(deps, { chains: [a] });
    expect(report).toMatchObject({ ok: true, totals: { chains: 1 } });
  });
});

describe('checking an exported chain offline against a published digest', () => {
  async function exported() {
    const { deps, archive, a } = await withActivity();
    await publishAuditDigest(deps, HOUR);
    await deps.audit.append(read('A'));
    const bytes = archive.objects.get(digestKey(HOUR))!;
    return { events: structuredClone(await deps.audit.readChain(a)), bytes, a };
  }

  it('proves the events up to the digest’s position and says how many came after it', async () => {
    const { events, bytes, a } = await exported();
    const result = verifyExport([...events].reverse(), bytes, { digestSha256: sha256(bytes) });
    expect(result).toEqual({ ok: true, chain: a, period: HOUR, firstSeq: 1, lastSeq: 5, verifiedThrough: 4, unverified: 1, problems: [] });
  });

  it('accepts a contiguous part of the chain that reaches the digest’s position', async () => {
    const { events, bytes } = await exported();
    expect(verifyExport(events.slice(2), bytes)).toMatchObject({ ok: true, firstSeq: 3, verifiedThrough: 4 });
  });

  it('reports an edited event, and an export re-hashed to hide the edit', async () => {
    const { events, bytes } = await exported();
    const edited = structuredClone(events);
    edited[1]!.outcome = 'denied';
    expect(verifyExport(edited, bytes).problems).toEqual([{ kind: 'changed', seq: 2 }]);
    rehash(edited, 1);
    expect(verifyExport(edited, bytes)).toMatchObject({ ok: false, problems: [{ kind: 'digest-mismatch', seq: 4 }] });
  });

  it('refuses a digest that is not the published one, and one that does not name the chain or cover the export', async () => {
    const { events, bytes } = await exported();
    expect(verifyExport(events, bytes, { digestSha256: '0'.repeat(64) }).problems).toEqual([{ kind: 'digest-sha256', expected: '0'.repeat(64), actual: sha256(bytes) }]);
    const other = { ...events[0]!, chain: 'PATIENT#Z' };
    expect(verifyExport([other], bytes).problems).toContainEqual({ kind: 'not-in-digest', chain: 'PATIENT#Z' });
    expect(verifyExport(events.slice(0, 2), bytes).problems).toEqual([{ kind: 'not-covered', digestSeq: 4, firstSeq: 1, lastSeq: 2 }]);
    expect(verifyExport([], bytes).problems[0]).toMatchObject({ kind: 'export-invalid' });
    expect(verifyExport(events, '{"format":"x"}').problems[0]).toMatchObject({ kind: 'digest-invalid' });
  });
});

describe('the scheduled publisher (functions/system/publish-audit-digest.ts)', () => {
  afterEach(() => setAuditDigestDeps(undefined));

  it('publishes the two hours before the scheduled instant, whenever the run actually starts', async () => {
    const { deps } = await withActivity();
    await deps.audit.append(read('C'));
    setAuditDigestDeps(deps);
    deps.clock.advance(3 * 60 * MINUTE);

    const { published } = await publishHandler({ time: '2026-11-22T14:00:41Z' });

    expect(published.map((p) => [p.period, p.chains, p.written])).toEqual([
      ['2026-11-22T12', 2, true],
      ['2026-11-22T13', 1, true],
    ]);
  });

  it('takes a list of ended hours from an operator, and nothing else', async () => {
    const { deps } = await withActivity();
    setAuditDigestDeps(deps);
    expect((await publishHandler({ hours: [HOUR, HOUR] })).published).toHaveLength(1);
    await expect(publishHandler({ hours: ['2026-11-22T13'] })).rejects.toThrow(/ended hours/);
    await expect(publishHandler({ hours: ['yesterday'] })).rejects.toThrow(/ended hours/);
    await expect(publishHandler({ hours: [] })).rejects.toThrow(/ended hours/);
  });

  it('fails the run when a published digest disagrees with the log, and leaves the digest alone', async () => {
    const { deps, archive } = await withActivity();
    setAuditDigestDeps(deps);
    await publishHandler({ hours: [HOUR] });
    const published = archive.objects.get(digestKey(HOUR));
    deps.audit.chains.get('PATIENT#B')!.push({ ...deps.audit.chains.get('PATIENT#B')![1]!, seq: 3, at: '2026-11-22T12:59:59.000Z' });

    await expect(publishHandler({ hours: [HOUR] })).rejects.toThrow(/2026-11-22T12/);
    expect(archive.objects.get(digestKey(HOUR))).toEqual(published);
  });
});

describe('the S3 digest archive', () => {
  const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const s3 = mockClient(client);
  afterEach(() => s3.reset());
  const archive = new S3DigestArchive(client, 'digests-bucket');

  it('puts with the body’s SHA-256 and, when asked, only if nothing is there (If-None-Match)', async () => {
    s3.on(PutObjectCommand).resolves({});
    const bytes = Buffer.from('{"a":1}');
    expect(await archive.put('digests/2026/11/22/12.json', bytes, { ifAbsent: true })).toBe(true);
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({
      Bucket: 'digests-bucket',
      Key: 'digests/2026/11/22/12.json',
      ContentType: 'application/json',
      ChecksumSHA256: createHash('sha256').update(bytes).digest('base64'),
      IfNoneMatch: '*',
    });
  });

  it('answers false when the conditional put finds an object, and rethrows anything else', async () => {
    const failed = (status: number, name: string) => new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status } });
    s3.on(PutObjectCommand).rejectsOnce(failed(412, 'PreconditionFailed')).rejectsOnce(failed(403, 'AccessDenied'));
    expect(await archive.put('k', new Uint8Array([1]), { ifAbsent: true })).toBe(false);
    await expect(archive.put('k', new Uint8Array([1]), { ifAbsent: true })).rejects.toThrow();
  });

  it('reads a missing digest as undefined, and lists every page of keys', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'no', $metadata: { httpStatusCode: 404 } }));
    expect(await archive.get('digests/nope.json')).toBeUndefined();
    s3.on(ListObjectsV2Command)
      .resolvesOnce({ Contents: [{ Key: 'digests/b' }], IsTruncated: true, NextContinuationToken: 't' })
      .resolvesOnce({ Contents: [{ Key: 'digests/a' }], IsTruncated: false });
    expect(await archive.list('digests/')).toEqual(['digests/a', 'digests/b']);
    expect(s3.commandCalls(ListObjectsV2Command)[1]!.args[0].input).toMatchObject({ Prefix: 'digests/', ContinuationToken: 't' });
  });

  it('fails on use, not on construction, where no bucket is configured', async () => {
    const unconfigured = new S3DigestArchive(client, undefined);
    await expect(unconfigured.get('x')).rejects.toThrow(/AUDIT_DIGESTS_BUCKET/);
  });

  it('is configured from the audit table and the digest bucket alone', () => {
    expect(loadAuditDigestConfig({ AUDIT_TABLE: 't', AUDIT_DIGESTS_BUCKET: 'b' })).toMatchObject({ tables: { audit: 't' }, buckets: { auditDigests: 'b' }, local: false });
    expect(() => loadAuditDigestConfig({ AUDIT_TABLE: 't' })).toThrow(/AUDIT_DIGESTS_BUCKET/);
  });
});
