/**
 * What auditing costs (`npm run bench`, see BENCHMARKS.md): a record view with the real audit log against the same
 * handler with an audit log that does nothing, and the patient's activity page on a chain of 100,000 events
 * against a raw Query of the same page on the audit table's byTime index.
 */
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditLog } from '../../shared/adapters/dynamodb/audit-log';
import { DynamoDirectory } from '../../shared/adapters/dynamodb/directory';
import { DynamoRecordStore } from '../../shared/adapters/dynamodb/record-store';
import { chainOf, GENESIS_HASH, hashEvent, type AuditAction, type AuditEvent, type AuditEventInput } from '../../shared/domain/audit';
import { getDeps, setDeps } from '../../shared/platform/container';
import { TABLES } from '../../shared/platform/resources';
import type { AuditLog } from '../../shared/ports/audit-log';
import { systemClock } from '../../shared/ports/clock';
import { DEFAULT_LIMITS, type Deps } from '../../shared/usecases/deps';
import { makeInvitation } from '../../shared/usecases/invitations';
import { PASSWORD, type StackClient, type TestPatient, type TestPractice } from '../../test/support/stack-client';
import { interleaved, record } from './measure';

const AUDIT_TABLE = TABLES.audit.localName;

/** The real log with `append` replaced by one that writes nothing (every other method is the real one). */
function silentAuditLog(real: AuditLog): AuditLog {
  const silent = Object.create(real) as AuditLog;
  silent.append = async (input: AuditEventInput): Promise<AuditEvent> => ({ ...input, eventId: 'not-recorded', chain: chainOf(input), seq: 0, at: new Date().toISOString(), prevHash: GENESIS_HASH, hash: GENESIS_HASH });
  return silent;
}

async function ok(response: Promise<{ status: number; body: unknown }>, what: string) {
  const { status, body } = await response;
  if (status !== 200) throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

/**
 * GET /api/me/record/{class} through the local gateway, the same handler in the same process, with the real
 * audit log (head read, conditional put, hour marker) and with a log that does nothing: runs interleaved.
 */
export async function benchRecordViewAudit(api: StackClient, practice: TestPractice, quick: boolean): Promise<void> {
  const patient = await api.newPatient(practice);
  const records = new DynamoRecordStore(api.doc, TABLES.main.localName);
  const problems = Array.from({ length: 50 }, (_, i) => ({ dataClass: 'problems' as const, dedupeKey: `Condition|bench-${i}`, resource: { resourceType: 'Condition', code: { text: `Bench problem ${i}` }, onsetDateTime: `20${String(10 + (i % 15)).padStart(2, '0')}-01-01` } }));
  await records.merge(patient.patientId, practice.practiceId, randomUUID(), problems, new Date());
  const view = () => ok(api.call('GET', '/api/me/record/problems?limit=25', { token: patient.token }), 'record view');
  await view(); // the first request builds this process's dependencies, which the handlers share
  const withAudit = getDeps();
  const withoutAudit: Deps = { ...withAudit, audit: silentAuditLog(withAudit.audit) };

  // The swap must reach the handler: a silent view adds nothing to the patient's chain, a real one adds one event.
  const chain = `PATIENT#${patient.patientId}`;
  const length = async () => (await withAudit.audit.head(chain))?.seq ?? 0;
  const before = await length();
  setDeps(withoutAudit);
  await view();
  const afterSilent = await length();
  setDeps(withAudit);
  await view();
  if (afterSilent !== before || (await length()) !== before + 1) throw new Error('setDeps did not reach the handler: the no-audit run would measure the real log');

  // Enough runs that the p99 is the tenth-slowest of each side, not one unlucky request.
  const runs = quick ? 100 : 1000;
  try {
    const [audited, silent] = await interleaved(
      runs,
      () => {
        setDeps(withAudit);
        return view();
      },
      () => {
        setDeps(withoutAudit);
        return view();
      },
    );
    record('record view, 25 of 50 items, p50 (real audit vs no-op audit)', audited, silent, 50);
    record('record view, 25 of 50 items, p99 (same runs)', audited, silent, 99);
  } finally {
    setDeps(withAudit);
  }
}

const pad = (seq: number) => String(seq).padStart(12, '0');
const YEAR_MS = 365 * 86_400_000;
const ACTIONS: ReadonlyArray<{ action: AuditAction; staff: boolean; resource?: (i: number) => { type: string; id: string } }> = [
  { action: 'record.read', staff: false, resource: (i) => ({ type: 'record', id: ['problems', 'medications', 'lab-results', 'vital-signs'][i % 4]! }) },
  { action: 'document.list', staff: false },
  { action: 'patient.read', staff: true, resource: () => ({ type: 'patient', id: 'p' }) },
  { action: 'document.download', staff: true, resource: (i) => ({ type: 'document', id: `doc-${i % 500}` }) },
];

/**
 * A registration whose chain holds `count` events over the last three years, then the patient's sign-up (through
 * the API, so the last event is a real one): time order and chain order agree, as in a real chain. The events are
 * stored the way DynamoAuditLog.append stores them (hash-linked, seq and atSeq zero-padded, the practice index
 * keys), in BatchWrites of 25, four at a time; the registration is written straight to the directory so that no
 * event precedes them.
 */
async function patientWithHistory(api: StackClient, practice: TestPractice, count: number): Promise<{ patient: TestPatient; firstAt: number }> {
  const practiceId = practice.practiceId;
  const staffId = JSON.parse(Buffer.from(practice.staff.split('.')[1]!, 'base64url').toString('utf8')).sub as string;
  const birthDate = '1961-06-15';
  const patientId = randomUUID();
  const now = new Date();
  const record = { patientId, practiceId, mrn: `BENCH-${patientId.slice(0, 8)}`, givenName: 'Bench', familyName: 'History', birthDate, createdAt: now.toISOString(), createdBy: staffId };
  const { invitation, issued } = makeInvitation({ clock: systemClock, limits: DEFAULT_LIMITS } as Deps, record);
  await new DynamoDirectory(api.doc, TABLES.main.localName).registerPatient({ ...record, invitationHash: invitation.codeHash, invitationExpiresAt: invitation.expiresAt }, invitation);

  const chain = `PATIENT#${patientId}`;
  const firstAt = now.getTime() - 3 * YEAR_MS;
  const step = Math.floor((3 * YEAR_MS - 60_000) / count);
  let prevHash = GENESIS_HASH;
  const nextItem = (i: number) => {
    const kind = ACTIONS[i % ACTIONS.length]!;
    const input: AuditEventInput = {
      actor: kind.staff ? { id: staffId, role: 'staff', practiceId, label: 'staff@bench.example' } : { id: 'bench-patient-account', role: 'patient' },
      action: kind.action,
      outcome: 'success',
      patientId,
      practiceId,
      ...(kind.resource ? { resource: kind.resource(i) } : {}),
      requestId: randomUUID(),
    };
    const base = { ...input, eventId: randomUUID(), chain, seq: i + 1, at: new Date(firstAt + i * step).toISOString(), prevHash };
    const event: AuditEvent = { ...base, hash: hashEvent(base) };
    prevHash = event.hash;
    return { ...event, seq: pad(event.seq), atSeq: `${event.at}#${pad(event.seq)}`, gsi1pk: `PRACTICE#${practiceId}`, gsi1sk: `${event.at}#${event.eventId}` };
  };
  // Made in chain order (each hash links to the one before), written up to four batches at a time.
  const batches: Array<Array<Record<string, unknown>>> = [];
  for (let i = 0; i < count; i += 25) batches.push(Array.from({ length: Math.min(25, count - i) }, (_, j) => nextItem(i + j)));
  let next = 0;
  const writer = async () => {
    while (next < batches.length) {
      let requests = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length) {
        const out = await api.doc.send(new BatchWriteCommand({ RequestItems: { [AUDIT_TABLE]: requests } }));
        requests = (out.UnprocessedItems?.[AUDIT_TABLE] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, writer));

  const email = `bench-${randomUUID().slice(0, 8)}@bench.example`;
  const signedUp = await api.call('POST', '/api/auth/sign-up', { body: { email, password: PASSWORD, invitationCode: issued.code, birthDate } });
  if (signedUp.status !== 201) throw new Error(`sign-up failed: ${signedUp.status} ${JSON.stringify(signedUp.body)}`);
  const head = await new DynamoAuditLog(api.doc, AUDIT_TABLE, systemClock).head(chain);
  if (head?.seq !== count + 1 || head.action !== 'auth.sign-up' || head.prevHash !== prevHash) throw new Error('the sign-up did not continue the written chain');
  const patient = { email, patientId, token: signedUp.body.tokens.idToken, accessToken: signedUp.body.tokens.accessToken, cookies: signedUp.cookies };
  return { patient, firstAt };
}

/**
 * The activity page at 100,000 events in one chain: the API (JWT, scope, a merged Query of the patient's chains,
 * the audit.read append) and the adapter's listActivity alone, each against a raw Query of the same page on the
 * byTime index: the first page, and a late page. The late page is reached by cursor, page by page as a person
 * would, when the cursor works; and by date, the oldest day of the history (the page's date filter), always.
 */
export async function benchActivity(api: StackClient, practice: TestPractice, quick: boolean): Promise<void> {
  const total = quick ? 10_000 : 100_000;
  const started = performance.now();
  const { patient, firstAt } = await patientWithHistory(api, practice, total);
  console.log(`activity: wrote ${total.toLocaleString('en-US')} events over three years to one chain in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const log = new DynamoAuditLog(api.doc, AUDIT_TABLE, systemClock);
  const chain = `PATIENT#${patient.patientId}`;
  const accountId = JSON.parse(Buffer.from(patient.token.split('.')[1]!, 'base64url').toString('utf8')).sub as string;
  // The patient's chains as the API reads them: the registration's and the account's.
  const chains = [chain, `ACCOUNT#${accountId}`];
  // A few events in the account's chain too, as a real patient has (each activity read is one).
  for (let i = 0; i < 3; i++) await ok(api.call('GET', '/api/me/activity?limit=5', { token: patient.token }), 'activity page');

  const day = new Date(firstAt + 86_400_000).toISOString().slice(0, 10);
  const window = { from: day, to: day };
  const raw = (options: { start?: Record<string, unknown>; day?: string } = {}) => () =>
    api.doc.send(
      new QueryCommand({
        TableName: AUDIT_TABLE,
        IndexName: 'byTime',
        ...(options.day
          ? { KeyConditionExpression: 'chain = :c AND atSeq BETWEEN :low AND :high', ExpressionAttributeValues: { ':c': chain, ':low': options.day, ':high': `${options.day}~` } }
          : { KeyConditionExpression: 'chain = :c', ExpressionAttributeValues: { ':c': chain } }),
        ScanIndexForward: false,
        Limit: 25,
        ...(options.start ? { ExclusiveStartKey: options.start } : {}),
      }),
    );
  const viaApi = (query = '') => () => ok(api.call('GET', `/api/me/activity?limit=25${query}`, { token: patient.token }), 'activity page');
  const viaAdapter = (cursor?: string, onDay?: typeof window) => () => log.listActivity(chains, onDay, { limit: 25, ...(cursor ? { cursor } : {}) });

  // The same events on both sides of the date-filtered page.
  const [adapterDay, rawDay] = await Promise.all([viaAdapter(undefined, window)(), raw({ day })()]);
  if (!adapterDay.items.length || adapterDay.items.map((e) => e.eventId).join() !== (rawDay.Items ?? []).map((i) => i.eventId).join()) throw new Error('the date-filtered pages differ');

  // The cursor of the last page, page after page of 100.
  let lateCursor: string | undefined;
  let cursorProblem: string | undefined;
  try {
    let cursor: string | undefined;
    do {
      const page = await log.listActivity(chains, undefined, { limit: 100, ...(cursor ? { cursor } : {}) });
      lateCursor = cursor;
      cursor = page.nextCursor;
    } while (cursor);
  } catch (error) {
    cursorProblem = `${(error as Error).name}: ${(error as Error).message}`;
    lateCursor = undefined;
  }

  const runs = quick ? 10 : 30;
  const n = total.toLocaleString('en-US');
  const [apiFirst, rawFirst] = await interleaved(runs, viaApi(), raw());
  record(`activity page 1 of 25 at ${n} events (API vs raw Query)`, apiFirst, rawFirst);
  const [apiDay, rawDayRuns] = await interleaved(runs, viaApi(`&from=${day}&to=${day}`), raw({ day }));
  record(`activity, oldest day's page of 25 at ${n} events (API vs raw Query)`, apiDay, rawDayRuns);
  const [adapterFirst, rawFirst2] = await interleaved(runs, viaAdapter(), raw());
  record(`activity page 1 of 25 at ${n} events (listActivity vs raw Query)`, adapterFirst, rawFirst2);
  const [adapterDayRuns, rawDay2] = await interleaved(runs, viaAdapter(undefined, window), raw({ day }));
  record(`activity, oldest day's page of 25 at ${n} events (listActivity vs raw Query)`, adapterDayRuns, rawDay2);
  if (lateCursor) {
    const lateKey = (JSON.parse(Buffer.from(lateCursor, 'base64url').toString('utf8')) as Record<string, Record<string, unknown> | null>)[chain] ?? undefined;
    const [apiLate, rawLate] = await interleaved(runs, viaApi(`&cursor=${lateCursor}`), raw({ start: lateKey }));
    record(`activity late page of 25 by cursor at ${n} events (API vs raw Query)`, apiLate, rawLate);
    const [adapterLate, rawLate2] = await interleaved(runs, viaAdapter(lateCursor), raw({ start: lateKey }));
    record(`activity late page of 25 by cursor at ${n} events (listActivity vs raw Query)`, adapterLate, rawLate2);
  } else {
    console.log(`activity: no late page by cursor: the second page's cursor is refused (${cursorProblem}); see BENCHMARKS.md`);
  }
}
