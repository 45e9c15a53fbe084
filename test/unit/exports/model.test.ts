import { describe, expect, it } from 'vitest';
import type { CorrectionRequest } from '../../../shared/domain/corrections';
import type { RecordItem } from '../../../shared/domain/record';
import { correctionsForExport, correctionSteps, correctionText, toExportCorrection } from '../../../shared/exports/model';
import { demoInput, demoRequests } from './support';

const registrations = [{ patientId: 'patient-1', practiceId: 'practice-1', practiceName: 'Export Practice' }];
const item = (itemKey: string, date: string | undefined): RecordItem => ({
  patientId: 'patient-1', practiceId: 'practice-1', dataClass: 'problems', itemKey, ...(date ? { date } : {}), resource: { resourceType: 'Condition' }, sources: ['doc-1'], updatedAt: '',
});

describe('which correction requests go with an export', () => {
  it('carries every request but withdrawn ones with the whole record, oldest first, without staff ids or contact details', async () => {
    const { items } = await demoInput();
    const r = demoRequests(items);

    const chosen = correctionsForExport([r.documentOpen, r.withdrawn, r.accepted, r.denied], { registrations, items });

    expect(chosen.map((c) => c.requestId)).toEqual([r.denied.requestId, r.accepted.requestId, r.documentOpen.requestId]);
    expect(chosen.every((c) => c.practiceName === 'Export Practice')).toBe(true);
    const json = JSON.stringify(chosen);
    for (const secret of ['staff-sub-secret', 'acct-secret-1', 'iris.private@example.com', 'someone.else@clinic.example', 'EX-1']) expect(json).not.toContain(secret);
    expect(toExportCorrection(r.withdrawn, 'Export Practice')).toBeUndefined();
  });

  it('in a date range: requests about items in the range, and every document and general request', () => {
    const inRange = item('in', '2026-03-15');
    const outOfRange = item('out', '2025-01-01');
    const undated = item('undated', undefined);
    const about = (requestId: string, target: CorrectionRequest['target'], status: CorrectionRequest['status'] = 'submitted'): CorrectionRequest => ({
      requestId, patientId: 'patient-1', practiceId: 'practice-1', accountId: 'a', contactEmail: 'x@example.com', target, targetLabel: requestId,
      patient: { givenName: 'I', familyName: 'V', mrn: 'M' }, whatIsWrong: 'w', shouldSay: 's', reason: 'r', notify: [], status,
      receivedAt: `2026-01-0${requestId.length % 9}T00:00:00.000Z`, dueAt: '2026-03-01T00:00:00.000Z', version: 1, updatedAt: '',
    });
    const requests = [
      about('item-in', { kind: 'item', dataClass: 'problems', itemKey: 'in' }),
      about('item-out', { kind: 'item', dataClass: 'problems', itemKey: 'out' }),
      about('item-undated', { kind: 'item', dataClass: 'problems', itemKey: 'undated' }),
      about('document', { kind: 'document', documentId: 'doc-9' }),
      about('general', { kind: 'general' }),
      about('general-withdrawn', { kind: 'general' }, 'withdrawn'),
      { ...about('someone-else', { kind: 'general' }), patientId: 'patient-9' },
    ];

    const range = correctionsForExport(requests, { registrations, items: [inRange], from: '2026-03-01', to: '2026-03-31' });
    // Items handed over unfiltered are held to the range all the same.
    const unfiltered = correctionsForExport(requests, { registrations, items: [inRange, outOfRange, undated], from: '2026-03-01', to: '2026-03-31' });
    const whole = correctionsForExport(requests, { registrations, items: [inRange, outOfRange, undated] });

    expect(range.map((c) => c.requestId).sort()).toEqual(['document', 'general', 'item-in']);
    expect(unfiltered.map((c) => c.requestId).sort()).toEqual(['document', 'general', 'item-in']);
    expect(whole.map((c) => c.requestId).sort()).toEqual(['document', 'general', 'item-in', 'item-out', 'item-undated']);
  });

  it('tells every step in plain language, the denial letter in full', async () => {
    const r = demoRequests((await demoInput()).items);
    const denied = toExportCorrection(r.denied, 'Export Practice')!;

    const text = correctionText(denied);

    expect(correctionSteps(denied).map((s) => s.title)).toEqual(['Request for amendment', 'Time to answer extended', 'Request denied', 'Statement of disagreement', 'Rebuttal by Export Practice']);
    for (const part of [r.denied.whatIsWrong, r.denied.shouldSay, r.denied.reason, r.denied.extension!.reason, r.denied.disagreement!.statement, r.denied.rebuttal!.text, '2026-02-01', '2026-04-15', '2026-05-10']) {
      expect(text).toContain(part);
    }
    for (const paragraph of (r.denied.decision as { letter: string[] }).letter) expect(text).toContain(paragraph);
  });
});
