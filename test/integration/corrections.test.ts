/**
 * Corrections through the real API on the local stack: conditional writes on DynamoDB Local, notices in the local
 * outbox, the amended item marked in the patient's record.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoRecordStore, itemKeyOf } from '../../shared/adapters/dynamodb/record-store';
import { DynamoAuditLog } from '../../shared/adapters/dynamodb/audit-log';
import { verifyChain } from '../../shared/domain/audit';
import { systemClock } from '../../shared/ports/clock';
import { TABLES } from '../../shared/platform/resources';
import { latestMail, linksIn, readOutbox } from '../support/outbox';
import { StackClient, type TestPatient, type TestPractice } from '../support/stack-client';

const { url, ports } = inject('stack');
const api = new StackClient(url, ports);

let practice: TestPractice;
let patient: TestPatient;

const ask = (target: unknown, extra: Record<string, unknown> = {}) =>
  api.call('POST', '/api/me/corrections', { token: patient.token, body: { target, whatIsWrong: 'The dose is wrong.', shouldSay: 'Metformin 500 mg twice daily.', reason: 'My prescription says so.', ...extra } });
const staffPath = (requestId: string, action = '') => `/api/practice/patients/${patient.patientId}/corrections/${requestId}${action}`;

beforeAll(async () => {
  practice = await api.newPractice('Corrections Practice');
  patient = await api.newPatient(practice, '1975-03-09');
  const records = new DynamoRecordStore(api.doc, TABLES.main.localName);
  await records.merge(patient.patientId, practice.practiceId, 'doc-x', [{ dataClass: 'medications', dedupeKey: 'metformin', resource: { resourceType: 'MedicationRequest', medicationCodeableConcept: { text: 'Metformin 850 mg' }, authoredOn: '2025-02-01' } }], new Date());
});

describe('corrections on the local stack', () => {
  it('refuses bad input with a reason and stores nothing', async () => {
    const empty = await ask({ kind: 'general', practiceId: practice.practiceId }, { whatIsWrong: '   ' });
    const tooLong = await ask({ kind: 'general', practiceId: practice.practiceId }, { reason: 'x'.repeat(2001) });
    const badKey = await ask({ kind: 'item', practiceId: practice.practiceId, dataClass: 'medications', itemKey: 'nope' });
    const unknownItem = await ask({ kind: 'item', practiceId: practice.practiceId, dataClass: 'medications', itemKey: itemKeyOf('nothing-here') });
    const badId = await api.call('GET', '/api/me/corrections/not-an-id', { token: patient.token });
    const unknownId = await api.call('GET', '/api/me/corrections/cr-000000000-0000000000000000', { token: patient.token });

    expect([empty.status, tooLong.status, badKey.status, unknownItem.status, badId.status, unknownId.status]).toEqual([400, 400, 400, 404, 400, 404]);
    expect(empty.body.error.details).toEqual([{ path: 'whatIsWrong', message: 'What is wrong is required.' }]);
    expect(tooLong.body.error.details[0].message).toBe('Why must be at most 2000 characters.');
    expect((await api.call('GET', '/api/me/corrections', { token: patient.token })).body.items).toEqual([]);
  });

  it('two staff members decide the same request at once: exactly one wins, the other gets 409 with the current state', async () => {
    const since = new Date();
    const created = await ask({ kind: 'general', practiceId: practice.practiceId });
    expect(created.status).toBe(201);
    const received = await latestMail(url, { to: patient.email, tag: 'correction.received', since });
    expect(linksIn(received)).toEqual([`${url}/corrections/${created.body.requestId}`]);

    const [accept, deny] = await Promise.all([
      api.call('POST', staffPath(created.body.requestId, '/accept'), { token: practice.staff, body: { amendment: 'Corrected to 500 mg.' } }),
      api.call('POST', staffPath(created.body.requestId, '/deny'), { token: practice.admin, body: { ground: 'accurate-and-complete', explanation: 'It is right.' } }),
    ]);

    expect([accept.status, deny.status].sort()).toEqual([200, 409]);
    const [winner, loser] = accept.status === 200 ? [accept, deny] : [deny, accept];
    expect(loser.body.error.code).toBe('correction_conflict');
    expect(loser.body.error.current.status).toBe(winner.body.status);
    const stored = await api.call('GET', `/api/me/corrections/${created.body.requestId}`, { token: patient.token });
    expect(stored.body.status).toBe(winner.body.status);
    // Decided once: a second decision is refused and changes nothing.
    const again = await api.call('POST', staffPath(created.body.requestId, '/deny'), { token: practice.staff, body: { ground: 'not-in-designated-record-set', explanation: 'x' } });
    expect(again.status).toBe(409);
    expect((await api.call('GET', `/api/me/corrections/${created.body.requestId}`, { token: patient.token })).body.decision.outcome).toBe(stored.body.decision.outcome);
  });

  it('accepting marks the item amended in the patient’s record and tells the people the patient named', async () => {
    const since = new Date();
    const itemKey = itemKeyOf('metformin');
    const created = await ask({ kind: 'item', practiceId: practice.practiceId, dataClass: 'medications', itemKey }, { notify: [{ name: 'Corner Pharmacy', email: 'pharmacy@corner.example' }] });
    expect(created.status).toBe(201);
    expect(created.body.targetLabel).toBe('Metformin 850 mg, Feb 1, 2025');

    const queue = await api.call('GET', '/api/practice/corrections?status=open', { token: practice.staff });
    expect(queue.body.items.map((r: { requestId: string }) => r.requestId)).toContain(created.body.requestId);
    const accepted = await api.call('POST', staffPath(created.body.requestId, '/accept'), { token: practice.staff, body: { amendment: 'Metformin 500 mg twice daily.' } });
    expect(accepted.status).toBe(200);

    const medications = await api.call('GET', '/api/me/record/medications', { token: patient.token });
    const item = medications.body.items.find((i: { itemKey: string }) => i.itemKey === itemKey);
    expect(item.amendedBy).toEqual([created.body.requestId]);
    expect(item.resource.medicationCodeableConcept.text).toBe('Metformin 850 mg');
    const notice = await latestMail(url, { to: 'pharmacy@corner.example', tag: 'correction.amendment-notice', since });
    expect(notice.text).toContain(created.body.requestId);
    expect(notice.text).not.toMatch(/Metformin|500 mg|850/);
    const decided = await latestMail(url, { to: patient.email, tag: 'correction.decided', since });
    expect(decided.text).not.toMatch(/Metformin|accepted|denied/i);
    const closed = await api.call('GET', '/api/practice/corrections?status=closed', { token: practice.staff });
    expect(closed.body.items[0].requestId).toBe(created.body.requestId);
  });

  it('denial, disagreement and rebuttal stay on the request in order, and each step is in the patient’s audit chain', async () => {
    const created = await ask({ kind: 'general', practiceId: practice.practiceId });
    const requestId = created.body.requestId;
    const extended = await api.call('POST', staffPath(requestId, '/extend'), { token: practice.staff, body: { reason: 'Waiting for the pharmacy’s records.' } });
    expect(extended.status).toBe(200);
    expect(Date.parse(extended.body.dueAt) - Date.parse(created.body.dueAt)).toBe(30 * 86_400_000);
    expect((await api.call('POST', staffPath(requestId, '/extend'), { token: practice.staff, body: { reason: 'Again.' } })).status).toBe(409);

    const denied = await api.call('POST', staffPath(requestId, '/deny'), { token: practice.staff, body: { ground: 'accurate-and-complete', explanation: 'The dose matches the pharmacy record.' } });
    expect(denied.status).toBe(200);
    const disagreed = await api.call('POST', `/api/me/corrections/${requestId}/disagreement`, { token: patient.token, body: { statement: 'The pharmacy record is wrong too.' } });
    expect(disagreed.status).toBe(200);
    const rebutted = await api.call('POST', staffPath(requestId, '/rebuttal'), { token: practice.staff, body: { text: 'The prescriber confirmed the dose.' } });
    expect(rebutted.status).toBe(200);

    const mine = (await api.call('GET', `/api/me/corrections/${requestId}`, { token: patient.token })).body;
    expect(mine.decision.letter.join(' ')).toContain('Corrections Practice');
    expect([mine.receivedAt, mine.extension.at, mine.decision.at, mine.disagreement.at, mine.rebuttal.at]).toEqual([mine.receivedAt, mine.extension.at, mine.decision.at, mine.disagreement.at, mine.rebuttal.at].sort());
    expect(mine.rebuttal.by).toBeUndefined();
    expect(mine.patient).toBeUndefined();

    const events = await new DynamoAuditLog(api.doc, TABLES.audit.localName, systemClock).readChain(`PATIENT#${patient.patientId}`);
    expect(verifyChain(events).ok).toBe(true);
    const steps = events.filter((e) => e.resource?.id === requestId).map((e) => `${e.action}:${e.outcome}`);
    expect(steps).toEqual(expect.arrayContaining(['correction.request:success', 'correction.extend:success', 'correction.deny:success', 'correction.disagree:success', 'correction.rebut:success']));
    const outbox = await readOutbox(url, { to: patient.email });
    expect(outbox.map((m) => m.tag)).toEqual(expect.arrayContaining(['correction.extended', 'correction.rebuttal']));
    for (const message of outbox) expect(`${message.subject} ${message.text}`).not.toMatch(/pharmacy|dose|Corrections Practice|1975/i);
  });
});
