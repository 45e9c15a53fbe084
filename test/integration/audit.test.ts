import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditLog } from '../../shared/adapters/dynamodb/audit-log';
import { verifyChain } from '../../shared/domain/audit';
import { systemClock } from '../../shared/ports/clock';
import { TABLES } from '../../shared/platform/resources';
import { StackClient, type TestPractice } from '../support/stack-client';

const { url, ports } = inject('stack');
const api = new StackClient(url, ports);
const log = () => new DynamoAuditLog(api.doc, TABLES.audit.localName, systemClock);

describe('audit log on DynamoDB Local', () => {
  let practice: TestPractice;
  beforeAll(async () => {
    practice = await api.newPractice();
  });

  it('records who did what to which patient, in the patient’s own hash chain, including refusals', async () => {
    const patient = await api.newPatient(practice);
    await api.call('GET', `/api/practice/patients/${patient.patientId}`, { token: practice.staff });
    await api.call('GET', '/api/me/documents', { token: patient.token });
    await api.call('POST', `/api/practice/patients/${patient.patientId}/invitation`, { token: practice.staff });

    const events = await log().readChain(`PATIENT#${patient.patientId}`);
    const summary = events.map((e) => [e.action, e.actor.role, e.outcome]);

    expect(summary).toEqual([
      ['patient.register', 'admin', 'success'],
      ['auth.sign-up', 'patient', 'success'],
      ['patient.read', 'staff', 'success'],
      ['document.list', 'patient', 'success'],
    ]);
    expect(verifyChain(events).ok).toBe(true);
    const staffEvents = await log().readChain(`ACCOUNT#${events[2]!.actor.id}`);
    expect(staffEvents.some((e) => e.action === 'invitation.issue' && e.outcome === 'denied' && e.reason === 'forbidden')).toBe(true);
  });

  it('pages a patient’s activity across chains, newest first, through every page', async () => {
    const [one, two] = [`PATIENT#${randomUUID()}`, `ACCOUNT#${randomUUID()}`];
    for (let i = 0; i < 7; i++) {
      await log().append({ actor: { id: 'system', role: 'system' }, action: 'record.read', outcome: 'success', patientId: one.slice(8) });
      if (i % 2) await log().append({ actor: { id: 'anonymous', role: 'anonymous' }, action: 'auth.sign-in', outcome: 'failure', accountId: two.slice(8) });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await log().listActivity([one, two], undefined, { limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((e) => `${e.at}#${e.chain}#${e.seq}`));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);

    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    expect(seen).toEqual([...seen].sort().reverse());
  });

  it('keeps one unbroken chain when many requests append at once', async () => {
    const chainPatient = randomUUID();
    const audit = log();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        audit.append({ actor: { id: `actor-${i}`, role: 'staff', practiceId: 'p' }, action: 'patient.read', outcome: 'success', patientId: chainPatient }),
      ),
    );
    const events = await audit.readChain(`PATIENT#${chainPatient}`);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(verifyChain(events)).toMatchObject({ ok: true, count: 12 });
  });

  it('detects an event edited directly in the table', async () => {
    const chainPatient = randomUUID();
    const audit = log();
    for (let i = 0; i < 3; i++) await audit.append({ actor: { id: 'x', role: 'staff' }, action: 'patient.read', outcome: 'success', patientId: chainPatient });
    await api.doc.send(
      new UpdateCommand({
        TableName: TABLES.audit.localName,
        Key: { chain: `PATIENT#${chainPatient}`, seq: '000000000002' },
        UpdateExpression: 'SET outcome = :o',
        ExpressionAttributeValues: { ':o': 'denied' },
      }),
    );
    const result = verifyChain(await audit.readChain(`PATIENT#${chainPatient}`));
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual({ kind: 'changed', seq: 2 });
  });
});
