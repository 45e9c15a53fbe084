import { describe, expect, it } from 'vitest';
import { canonicalJson, chainOf, verifyChain, type AuditEvent } from '../../../shared/domain/audit';
import { MemoryAuditLog, TestClock } from '../../support/memory';

async function chainOfFive(): Promise<AuditEvent[]> {
  const log = new MemoryAuditLog(new TestClock());
  for (let i = 0; i < 5; i++) await log.append({ actor: { id: `u${i}`, role: 'staff', practiceId: 'p' }, action: 'patient.read', outcome: 'success', patientId: 'pt-1' });
  return log.readChain('PATIENT#pt-1');
}

describe('audit hash chain', () => {
  it('verifies an untouched chain', async () => {
    expect(verifyChain(await chainOfFive())).toMatchObject({ ok: true, count: 5, problems: [] });
  });

  it('reports a changed event', async () => {
    const events = await chainOfFive();
    events[2] = { ...events[2]!, outcome: 'denied' };
    expect(verifyChain(events).problems).toEqual([{ kind: 'changed', seq: 3 }]);
  });

  it('reports a deleted event', async () => {
    const events = await chainOfFive();
    events.splice(1, 1);
    expect(verifyChain(events).problems).toEqual([
      { kind: 'missing', seq: 2 },
      { kind: 'broken-link', seq: 3 },
    ]);
  });

  it('reports re-ordered events, even with their sequence numbers swapped to match', async () => {
    const events = await chainOfFive();
    const [x, y] = [events[1]!, events[2]!];
    events[1] = { ...y, seq: 2 };
    events[2] = { ...x, seq: 3 };
    const problems = verifyChain(events).problems;
    expect(problems).toContainEqual({ kind: 'changed', seq: 2 });
    expect(problems).toContainEqual({ kind: 'broken-link', seq: 2 });
  });

  it('hashes the same content the same way whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe('{"a":{"d":[2,{"e":0,"f":1}]},"b":1}');
  });

  it('puts patient events in the patient’s chain, others in the actor’s or the practice’s', () => {
    expect(chainOf({ actor: { id: 'u', role: 'staff' }, action: 'patient.read', outcome: 'success', patientId: 'p1' })).toBe('PATIENT#p1');
    expect(chainOf({ actor: { id: 'u', role: 'staff' }, action: 'patient.list', outcome: 'success', practiceId: 'pr' })).toBe('ACCOUNT#u');
    expect(chainOf({ actor: { id: 'anonymous', role: 'anonymous' }, action: 'auth.sign-in', outcome: 'failure' })).toBe('SYSTEM');
  });
});
