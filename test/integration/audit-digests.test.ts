import { describe, expect, inject, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditLog } from '../../shared/adapters/dynamodb/audit-log';
import { S3DigestArchive } from '../../shared/adapters/s3/digest-archive';
import { hashEvent, verifyChain, type AuditEvent } from '../../shared/domain/audit';
import { systemClock, type Clock } from '../../shared/ports/clock';
import { BUCKETS, TABLES } from '../../shared/platform/resources';
import { digestKey, hourOf, publishAuditDigest, sha256Hex, verifyAll, verifyExport, type AuditDigestDeps, type ChainFinding } from '../../shared/usecases/audit-digests';
import { StackClient } from '../support/stack-client';

const { url, ports } = inject('stack');
const api = new StackClient(url, ports);
const doc = DynamoDBDocumentClient.from(api.clients.dynamo, { marshallOptions: { removeUndefinedValues: true } });
const TABLE = TABLES.audit.localName;
const pad = (seq: number) => String(seq).padStart(12, '0');

/** A clock in an hour of its own, long past, so that the stack's own publisher (the hour in progress) never touches it. */
class FixedHourClock implements Clock {
  private t: number;
  constructor(readonly hour: string) {
    this.t = Date.parse(`${hour}:00:00.000Z`);
  }
  now() {
    this.t += 1000;
    return new Date(this.t);
  }
}

let hourCounter = 0;
function depsAt(clock: Clock): AuditDigestDeps {
  return { audit: new DynamoAuditLog(doc, TABLE, clock), digests: new S3DigestArchive(api.clients.s3, BUCKETS.auditDigests.localName), clock };
}
/** The verifier runs now, with the real clock. */
const verifier = () => depsAt(systemClock);

/** A chain of `n` events in a fresh past hour, published with real adapters (DynamoDB Local, s3rver). */
async function publishedChain(n = 4) {
  const hour = `2001-01-${String(1 + Math.floor(hourCounter / 24)).padStart(2, '0')}T${String(hourCounter++ % 24).padStart(2, '0')}`;
  const clock = new FixedHourClock(hour);
  const deps = depsAt(clock);
  const patientId = randomUUID();
  for (let i = 0; i < n; i++) {
    await deps.audit.append({ actor: { id: `staff-${i}`, role: 'staff', practiceId: 'p-it' }, action: 'patient.read', outcome: 'success', patientId, practiceId: 'p-it' });
  }
  const result = await publishAuditDigest(deps, hour);
  return { hour, chain: `PATIENT#${patientId}`, deps, result };
}

async function findings(chain: string): Promise<ChainFinding[]> {
  const report = await verifyAll(verifier(), { chains: [chain] });
  expect(report.digests.problems).toEqual([]);
  return report.chains[0]!.problems;
}

async function rawItem(chain: string, seq: number): Promise<Record<string, unknown>> {
  return (await doc.send(new GetCommand({ TableName: TABLE, Key: { chain, seq: pad(seq) } }))).Item!;
}

describe('audit digests on the local stack', () => {
  it('publishes a digest to the digest bucket and anchors the chain, byte for byte', async () => {
    const { hour, chain, result } = await publishedChain();
    expect(result).toMatchObject({ period: hour, key: digestKey(hour), chains: 1, written: true });
    const bytes = await new S3DigestArchive(api.clients.s3, BUCKETS.auditDigests.localName).get(result.key);
    expect(sha256Hex(bytes!)).toBe(result.digestSha256);
    const anchor = await verifier().audit.latestAnchor(chain);
    const head = await verifier().audit.head(chain);
    expect(anchor).toMatchObject({ period: hour, seq: 4, hash: head!.hash, digestKey: result.key, digestSha256: result.digestSha256 });
    expect(await findings(chain)).toEqual([]);
    // Re-running the hour changes nothing.
    expect(await publishAuditDigest(depsAt(new FixedHourClock(hour)), hour)).toMatchObject({ written: false, conflict: false, digestSha256: result.digestSha256 });
  });

  it('fixes a chain at its last event of the hour even when the chain has moved on since (the byTime index)', async () => {
    // Prepare: two events in the hour, one in the next; the hour is published only then (a late or catch-up run).
    const hour = '2002-06-01T10';
    const patientId = randomUUID();
    const event = { actor: { id: 'staff-x', role: 'staff' as const, practiceId: 'p-it' }, action: 'patient.read' as const, outcome: 'success' as const, patientId, practiceId: 'p-it' };
    const during = depsAt(new FixedHourClock(hour));
    await during.audit.append(event);
    const lastOfHour = await during.audit.append(event);
    const after = depsAt(new FixedHourClock('2002-06-01T11'));
    await after.audit.append(event);
    // Act
    const result = await publishAuditDigest(after, hour);
    // Assess
    expect(result).toMatchObject({ chains: 1, written: true });
    expect(await after.audit.latestAnchor(`PATIENT#${patientId}`)).toMatchObject({ period: hour, seq: 2, hash: lastOfHour.hash });
  });

  it('reports an event whose field was changed in the table', async () => {
    const { chain } = await publishedChain();
    await doc.send(new UpdateCommand({ TableName: TABLE, Key: { chain, seq: pad(2) }, UpdateExpression: 'SET outcome = :o', ExpressionAttributeValues: { ':o': 'denied' } }));
    expect(await findings(chain)).toEqual([{ kind: 'changed', seq: 2 }]);
  });

  it('reports an event deleted from the table', async () => {
    const { chain } = await publishedChain();
    await doc.send(new DeleteCommand({ TableName: TABLE, Key: { chain, seq: pad(2) } }));
    expect(await findings(chain)).toEqual([
      { kind: 'missing', seq: 2 },
      { kind: 'broken-link', seq: 3 },
    ]);
  });

  it('reports two events whose sequence numbers were swapped as re-ordered', async () => {
    const { chain } = await publishedChain();
    const [second, third] = [await rawItem(chain, 2), await rawItem(chain, 3)];
    await doc.send(new DeleteCommand({ TableName: TABLE, Key: { chain, seq: pad(2) } }));
    await doc.send(new DeleteCommand({ TableName: TABLE, Key: { chain, seq: pad(3) } }));
    await doc.send(new PutCommand({ TableName: TABLE, Item: { ...second, seq: pad(3) } }));
    await doc.send(new PutCommand({ TableName: TABLE, Item: { ...third, seq: pad(2) } }));
    expect(await findings(chain)).toEqual([
      { kind: 'reordered', seq: 2, originalSeq: 3 },
      { kind: 'reordered', seq: 3, originalSeq: 2 },
    ]);
  });

  it('catches a chain re-hashed from scratch, which the chain alone cannot show, by the digest, even with the anchor row rewritten too', async () => {
    // Prepare: the attacker changes who read the record, recomputes every hash after it, and rewrites the anchor.
    const { chain, hour, result } = await publishedChain();
    const digested = (await verifier().audit.head(chain))!.hash;
    const items = await Promise.all([1, 2, 3, 4].map((seq) => rawItem(chain, seq)));
    let prevHash = items[0]!.prevHash as string;
    for (const [i, item] of items.entries()) {
      const { hash: _h, atSeq: _a, gsi1pk: _g, gsi1sk: _s, ...fields } = item;
      const event = { ...fields, seq: i + 1, ...(i === 0 ? {} : { prevHash }), ...(i === 1 ? { actor: { id: 'someone-else', role: 'staff', practiceId: 'p-it' } } : {}) } as Omit<AuditEvent, 'hash'>;
      const hash = hashEvent(event);
      await doc.send(new PutCommand({ TableName: TABLE, Item: { ...item, ...event, seq: pad(i + 1), hash } }));
      prevHash = hash;
    }
    await doc.send(new UpdateCommand({ TableName: TABLE, Key: { chain: `ANCHOR#${chain}`, seq: hour }, UpdateExpression: 'SET #h = :h', ExpressionAttributeNames: { '#h': 'hash' }, ExpressionAttributeValues: { ':h': prevHash } }));
    const events = await verifier().audit.readChain(chain);
    expect(verifyChain(events)).toMatchObject({ ok: true, count: 4 });
    // Act
    const problems = await findings(chain);
    // Assess
    expect(problems).toEqual([
      { kind: 'digest-mismatch', seq: 4, period: hour, digestKey: result.key, expected: digested, found: prevHash },
      { kind: 'anchor-mismatch', period: hour, problem: 'differs-from-digest' },
    ]);
    // The exported chain fails offline against the published digest too.
    const bytes = await verifier().digests.get(result.key);
    expect(verifyExport(events, bytes, { digestSha256: result.digestSha256 })).toMatchObject({ ok: false, problems: [{ kind: 'digest-mismatch', seq: 4 }] });
  });

  it('runs the publisher now through POST /_local/audit/publish-digest, for the hour in progress', async () => {
    // Prepare: a patient's activity through the API, in this hour.
    const practice = await api.newPractice();
    const patient = await api.newPatient(practice);
    await api.call('GET', '/api/me/documents', { token: patient.token });
    const chain = `PATIENT#${patient.patientId}`;
    // Act
    const response = await fetch(`${url}/_local/audit/publish-digest`, { method: 'POST' });
    // Assess
    expect(response.status).toBe(200);
    const { published } = (await response.json()) as { published: Array<{ period: string; key: string; chains: number }> };
    const current = published.find((p) => p.period === hourOf(new Date()))!;
    expect(current.chains).toBeGreaterThan(0);
    const digest = JSON.parse(Buffer.from((await verifier().digests.get(current.key))!).toString('utf8')) as { chains: Array<{ chain: string; seq: number; hash: string }> };
    const head = (await verifier().audit.head(chain))!;
    expect(digest.chains).toContainEqual({ chain, seq: head.seq, hash: head.hash });
    expect(await findings(chain)).toEqual([]);
    // Only POST, and only hours.
    expect((await fetch(`${url}/_local/audit/publish-digest`)).status).toBe(405);
    expect((await fetch(`${url}/_local/audit/publish-digest?hour=yesterday`, { method: 'POST' })).status).toBe(400);
  });

  it('lists every registered chain for the full walk', async () => {
    const { chain } = await publishedChain(1);
    const out = await doc.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'chain = :c', ExpressionAttributeValues: { ':c': `ANCHOR#${chain}` } }));
    expect(out.Items).toHaveLength(1);
    const report = await verifyAll(verifier());
    expect(report.chains.map((c) => c.chain)).toContain(chain);
    expect(report.chains.find((c) => c.chain === chain)!.problems).toEqual([]);
  });
});
