import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/principal';
import { CreateCorrectionInput, DenyCorrectionInput, DisagreementInput } from '../../../shared/domain/schemas';
import { itemKeyOf } from '../../../shared/adapters/dynamodb/record-store';
import {
  acceptCorrection,
  CorrectionConflictError,
  denyCorrection,
  extendCorrection,
  fileDisagreement,
  getMyCorrection,
  getPracticeCorrection,
  listCorrectionQueue,
  listMyCorrections,
  rebutDisagreement,
  requestCorrection,
  withdrawCorrection,
} from '../../../shared/usecases/corrections';
import { memoryDeps, type TestDeps } from '../../support/memory';
import { CreateTransmissionInput } from '../../../shared/domain/schemas';
import { createTransmission } from '../../../shared/usecases/transmissions';

const PENICILLIN = itemKeyOf('penicillin');
const LATEX = itemKeyOf('latex');
const ctx = { requestId: 'r', sourceIp: '192.0.2.1' };
const DAY = 86_400_000;
const patient: Principal = { kind: 'patient', role: 'patient', accountId: 'acct-1', email: 'pat@example.com' };
const otherPatient: Principal = { kind: 'patient', role: 'patient', accountId: 'acct-2', email: 'other@example.com' };
const staff: Principal = { kind: 'staff', role: 'staff', accountId: 'staff-1', practiceId: 'pr-1', email: 's@p.example' };
const colleague: Principal = { kind: 'staff', role: 'admin', accountId: 'staff-2', practiceId: 'pr-1', email: 'a@p.example' };
const otherStaff: Principal = { kind: 'staff', role: 'staff', accountId: 'staff-9', practiceId: 'pr-2', email: 's@q.example' };

async function setup(): Promise<TestDeps> {
  const deps = memoryDeps();
  await deps.directory.putPractice({ practiceId: 'pr-1', name: 'Riverside Family Medicine', phone: '(555) 010-0001' });
  await deps.directory.putPractice({ practiceId: 'pr-2', name: 'Hillside Clinic' });
  deps.directory.patients.set('pr-1#pt-1', { patientId: 'pt-1', practiceId: 'pr-1', mrn: 'MRN-1', givenName: 'Alex', familyName: 'Rivera', birthDate: '1990-01-01', createdAt: '', createdBy: '', accountId: 'acct-1' });
  deps.directory.links.set('acct-1#pr-1', { accountId: 'acct-1', practiceId: 'pr-1', patientId: 'pt-1', linkedAt: '' });
  deps.directory.patients.set('pr-2#pt-2', { patientId: 'pt-2', practiceId: 'pr-2', mrn: 'MRN-2', givenName: 'Sam', familyName: 'Lee', birthDate: '1980-01-01', createdAt: '', createdBy: '', accountId: 'acct-2' });
  deps.directory.links.set('acct-2#pr-2', { accountId: 'acct-2', practiceId: 'pr-2', patientId: 'pt-2', linkedAt: '' });
  await deps.records.merge('pt-1', 'pr-1', 'doc-1', [{ dataClass: 'allergies', dedupeKey: PENICILLIN, resource: { resourceType: 'AllergyIntolerance', code: { text: 'Penicillin' }, recordedDate: '2024-05-01' } }], new Date());
  await deps.records.merge('pt-2', 'pr-2', 'doc-2', [{ dataClass: 'allergies', dedupeKey: LATEX, resource: { resourceType: 'AllergyIntolerance', code: { text: 'Latex' } } }], new Date());
  await deps.documents.put({ documentId: 'doc-1', patientId: 'pt-1', practiceId: 'pr-1', title: 'Visit summary', kind: 'pdf', contentType: 'application/pdf', size: 1, sha256: '0'.repeat(64), date: '2026-01-10', objectKey: 'k', createdAt: '', createdBy: 'staff-1' });
  await deps.documents.put({ documentId: 'doc-2', patientId: 'pt-2', practiceId: 'pr-2', title: 'Other', kind: 'pdf', contentType: 'application/pdf', size: 1, sha256: '0'.repeat(64), date: '2026-01-10', objectKey: 'k2', createdAt: '', createdBy: 'x' });
  return deps;
}

const input = (target: unknown, extra: Record<string, unknown> = {}) =>
  CreateCorrectionInput.parse({ target, whatIsWrong: 'I am not allergic to penicillin.', shouldSay: 'No known drug allergies.', reason: 'An allergist tested me in 2023.', ...extra });
const itemTarget = { kind: 'item', practiceId: 'pr-1', dataClass: 'allergies', itemKey: PENICILLIN };

describe('a patient asks for a correction', () => {
  it('stores the request against the registration of the item, due 60 days after receipt, audited, with a notice without PHI', async () => {
    const deps = await setup();

    const created = await requestCorrection(deps, patient, input(itemTarget, { notify: [{ name: 'Dr. Allergist', email: 'allergy@clinic.example' }] }), ctx);

    expect(created).toMatchObject({ status: 'submitted', practiceName: 'Riverside Family Medicine', patientId: 'pt-1', targetLabel: 'Penicillin, May 1, 2024', overdue: false });
    expect(created.receivedAt).toBe('2026-11-22T12:00:00.000Z');
    expect(created.dueAt).toBe('2027-01-21T12:00:00.000Z');
    expect(created.patient).toBeUndefined();
    expect(deps.audit.all().filter((e) => e.action === 'correction.request').map((e) => [e.patientId, e.outcome])).toEqual([['pt-1', 'success']]);
    const [notice] = deps.mailer.sent;
    expect(notice).toMatchObject({ to: 'pat@example.com', tag: 'correction.received' });
    expect(notice!.text).toContain(`https://portal.test/corrections/${created.requestId}`);
    for (const phi of ['Penicillin', 'Alex', 'Rivera', 'allergic', 'Riverside']) expect(`${notice!.subject} ${notice!.text} ${notice!.html}`).not.toContain(phi);
  });

  it('refuses what is not the patient’s: another patient’s document or item, a practice they are not linked to', async () => {
    const deps = await setup();

    await expect(requestCorrection(deps, patient, input({ kind: 'document', documentId: 'doc-2' }), ctx)).rejects.toMatchObject({ status: 404 });
    await expect(requestCorrection(deps, patient, input({ ...itemTarget, practiceId: 'pr-2', itemKey: LATEX }), ctx)).rejects.toMatchObject({ status: 404 });
    await expect(requestCorrection(deps, patient, input({ kind: 'general', practiceId: 'pr-2' }), ctx)).rejects.toMatchObject({ status: 404 });
    await expect(requestCorrection(deps, patient, input({ ...itemTarget, itemKey: itemKeyOf('nope') }), ctx)).rejects.toMatchObject({ status: 404 });
    await expect(requestCorrection(deps, staff, input({ kind: 'general', practiceId: 'pr-1' }), ctx)).rejects.toMatchObject({ status: 403 });

    expect(deps.corrections.requests.size).toBe(0);
    expect(deps.mailer.sent).toHaveLength(0);
  });

  it('says what is wrong with the input', () => {
    const problems = (value: unknown) => CreateCorrectionInput.safeParse(value).error?.issues.map((i) => i.message);
    expect(problems({ target: { kind: 'general', practiceId: 'pr-1' }, whatIsWrong: '  ', shouldSay: 'x', reason: 'y' })).toEqual(['What is wrong is required.']);
    expect(problems({ target: { kind: 'general', practiceId: 'pr-1' }, whatIsWrong: 'x'.repeat(2001), shouldSay: 'x', reason: 'y' })).toEqual(['What is wrong must be at most 2000 characters.']);
    expect(problems({ target: { kind: 'elsewhere' }, whatIsWrong: 'x', shouldSay: 'x', reason: 'y' })?.[0]).toMatch(/Say what the request is about/);
    expect(problems({ target: { kind: 'general', practiceId: 'pr-1' }, whatIsWrong: 'x', shouldSay: 'x', reason: 'y', notify: [{ name: 'A', email: 'not-an-address' }] })).toEqual(['Enter a valid e-mail address.']);
    expect(DenyCorrectionInput.safeParse({ ground: 'we-disagree', explanation: 'x' }).error?.issues[0]?.message).toMatch(/grounds of 45 CFR 164.526\(a\)\(2\)/);
    expect(DisagreementInput.safeParse({ statement: 'x'.repeat(2001) }).success).toBe(false);
  });
});

describe('the practice answers', () => {
  it('lists open requests soonest due first, flags the overdue ones as the clock moves, and shows staff who the patient is', async () => {
    const deps = await setup();
    const first = await requestCorrection(deps, patient, input(itemTarget), ctx);
    deps.clock.advance(10 * DAY);
    await requestCorrection(deps, patient, input({ kind: 'document', documentId: 'doc-1' }), ctx);

    deps.clock.advance(51 * DAY);
    const queue = await listCorrectionQueue(deps, staff, { status: 'open', limit: 25 }, ctx);

    expect(queue.items.map((r) => [r.requestId === first.requestId, r.overdue])).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(queue.items[0]!.patient).toEqual({ givenName: 'Alex', familyName: 'Rivera', mrn: 'MRN-1' });
    expect((await listCorrectionQueue(deps, otherStaff, { status: 'open', limit: 25 }, ctx)).items).toEqual([]);
    await expect(getPracticeCorrection(deps, otherStaff, 'pt-1', first.requestId, ctx)).rejects.toMatchObject({ status: 404 });
    await expect(listCorrectionQueue(deps, patient, { status: 'open', limit: 25 }, ctx)).rejects.toMatchObject({ status: 403 });
  });

  it('extends once by 30 days with a reason sent to the patient, and only within the 60 days', async () => {
    const deps = await setup();
    const request = await requestCorrection(deps, patient, input(itemTarget), ctx);
    deps.clock.advance(59 * DAY);

    const extended = await extendCorrection(deps, staff, 'pt-1', request.requestId, 'We are waiting for the lab’s records.', ctx);

    expect(extended.status).toBe('extended');
    expect(extended.dueAt).toBe('2027-02-20T12:00:00.000Z');
    expect(extended.extension).toMatchObject({ reason: 'We are waiting for the lab’s records.', previousDueAt: request.dueAt, by: 'staff-1' });
    expect(deps.mailer.sent.map((m) => m.tag)).toEqual(['correction.received', 'correction.extended']);
    await expect(extendCorrection(deps, staff, 'pt-1', request.requestId, 'Again.', ctx)).rejects.toBeInstanceOf(CorrectionConflictError);

    const late = await requestCorrection(deps, patient, input({ kind: 'general', practiceId: 'pr-1' }), ctx);
    deps.clock.advance(60 * DAY + 1);
    await expect(extendCorrection(deps, staff, 'pt-1', late.requestId, 'Too late.', ctx)).rejects.toMatchObject({ status: 409, code: 'deadline_passed' });
    expect((await getPracticeCorrection(deps, staff, 'pt-1', late.requestId, ctx)).overdue).toBe(true);
  });

  it('accepts: the amendment is kept on the request, the original item is marked and kept, the patient and the named people are told', async () => {
    const deps = await setup();
    const request = await requestCorrection(deps, patient, input(itemTarget, { notify: [{ name: 'Dr. Allergist', organisation: 'Allergy Clinic', email: 'allergy@clinic.example' }] }), ctx);
    const before = await deps.records.get('pt-1', 'allergies', PENICILLIN);

    const accepted = await acceptCorrection(deps, staff, 'pt-1', request.requestId, { amendment: 'Penicillin allergy refuted by testing in 2023; no known drug allergies.' }, ctx);

    expect(accepted.status).toBe('accepted');
    expect(accepted.decision).toMatchObject({ outcome: 'accepted', amendment: 'Penicillin allergy refuted by testing in 2023; no known drug allergies.', notifiedCount: 1 });
    const after = await deps.records.get('pt-1', 'allergies', PENICILLIN);
    expect(after?.resource).toEqual(before?.resource);
    expect(after?.amendedBy).toEqual([request.requestId]);
    const notice = deps.mailer.sent.find((m) => m.tag === 'correction.amendment-notice')!;
    expect(notice.to).toBe('allergy@clinic.example');
    expect(notice.text).toContain(request.requestId);
    for (const phi of ['Penicillin', 'Alex', 'Rivera', 'allerg']) expect(`${notice.subject} ${notice.text}`).not.toContain(phi);
    expect(deps.mailer.sent.filter((m) => m.to === 'pat@example.com').map((m) => m.tag)).toEqual(['correction.received', 'correction.decided']);
    expect(deps.audit.all().filter((e) => e.action === 'correction.accept')).toHaveLength(1);
    // A decided request cannot be decided again, and the patient can no longer withdraw it.
    await expect(denyCorrection(deps, colleague, 'pt-1', request.requestId, { ground: 'accurate-and-complete', explanation: 'x' }, ctx)).rejects.toMatchObject({ status: 409 });
    await expect(withdrawCorrection(deps, patient, request.requestId, ctx)).rejects.toMatchObject({ status: 409 });
  });

  it('also tells everyone the record was sent to before, once per address, and not those whose copy did not hold the item', async () => {
    const deps = await setup();
    const send = (key: string, email: string, selection: unknown) =>
      createTransmission(deps, patient, CreateTransmissionInput.parse({ idempotencyKey: key, recipient: { name: 'R', email }, selection, formats: ['fhir'], purpose: 'Care', delivery: 'email', signature: { typedName: 'Alex Rivera', attestation: true } }), ctx);
    await send('key-held-0001', 'cardio@lakeside.example', { kind: 'everything' });
    await send('key-held-0002', 'allergy@clinic.example', { kind: 'classes', dataClasses: ['allergies'] });
    await send('key-notheld-01', 'labs@elsewhere.example', { kind: 'classes', dataClasses: ['problems'] });
    await send('key-notheld-02', 'old@elsewhere.example', { kind: 'range', from: '2020-01-01', to: '2020-12-31' });
    const request = await requestCorrection(deps, patient, input(itemTarget, { notify: [{ name: 'Dr. Allergist', email: 'Allergy@clinic.example' }] }), ctx);

    const accepted = await acceptCorrection(deps, staff, 'pt-1', request.requestId, { amendment: 'No known drug allergies.' }, ctx);

    const notices = deps.mailer.sent.filter((m) => m.tag === 'correction.amendment-notice').map((m) => m.to).sort();
    expect(notices).toEqual(['allergy@clinic.example', 'cardio@lakeside.example']);
    expect(accepted.decision).toMatchObject({ notifiedCount: 2 });
  });

  it('refuses an amendment document of another patient', async () => {
    const deps = await setup();
    const request = await requestCorrection(deps, patient, input(itemTarget), ctx);
    await expect(acceptCorrection(deps, staff, 'pt-1', request.requestId, { amendment: 'x', amendmentDocumentId: 'doc-2' }, ctx)).rejects.toMatchObject({ status: 400 });
    expect((await getMyCorrection(deps, patient, request.requestId, ctx)).status).toBe('submitted');
  });

  it('denies on a ground with the written denial; the patient disagrees once, the practice rebuts once, the patient gets a copy', async () => {
    const deps = await setup();
    const request = await requestCorrection(deps, patient, input({ kind: 'document', documentId: 'doc-1' }), ctx);

    const denied = await denyCorrection(deps, staff, 'pt-1', request.requestId, { ground: 'accurate-and-complete', explanation: 'The reaction is documented by the emergency department.' }, ctx);
    const letter = denied.decision?.outcome === 'denied' ? denied.decision.letter.join('\n') : '';
    expect(letter).toContain('Riverside Family Medicine');
    expect(letter).toContain('it is accurate and complete');
    expect(letter).toContain('statement disagreeing');
    expect(letter).toContain('If you do not file a statement of disagreement');
    expect(letter).toContain('Office for Civil Rights');
    expect(letter).toContain('by telephone at (555) 010-0001');
    expect(letter).toContain('The reaction is documented by the emergency department.');

    await expect(rebutDisagreement(deps, staff, 'pt-1', request.requestId, 'Too early.', ctx)).rejects.toMatchObject({ status: 409 });
    const disagreed = await fileDisagreement(deps, patient, request.requestId, 'The ED note is about my brother.', ctx);
    expect(disagreed.disagreement?.statement).toBe('The ED note is about my brother.');
    await expect(fileDisagreement(deps, patient, request.requestId, 'Again.', ctx)).rejects.toMatchObject({ status: 409 });
    await expect(fileDisagreement(deps, otherPatient, request.requestId, 'Not mine.', ctx)).rejects.toMatchObject({ status: 404 });

    const rebutted = await rebutDisagreement(deps, staff, 'pt-1', request.requestId, 'The note names you and your date of birth.', ctx);
    expect(rebutted.rebuttal).toMatchObject({ text: 'The note names you and your date of birth.', by: 'staff-1' });
    await expect(rebutDisagreement(deps, colleague, 'pt-1', request.requestId, 'Again.', ctx)).rejects.toMatchObject({ status: 409 });
    expect(deps.mailer.sent.filter((m) => m.to === 'pat@example.com').map((m) => m.tag)).toEqual(['correction.received', 'correction.decided', 'correction.rebuttal']);
    // The patient's own view has every step but not the staff members' ids.
    const mine = await getMyCorrection(deps, patient, request.requestId, ctx);
    expect(mine.rebuttal).toEqual({ at: rebutted.rebuttal!.at, text: 'The note names you and your date of birth.' });
    expect(mine.decision && 'by' in mine.decision).toBe(false);
    expect(deps.audit.all().map((e) => e.action).filter((a) => a.startsWith('correction.'))).toEqual([
      'correction.request',
      'correction.deny',
      'correction.disagree',
      'correction.rebut',
      'correction.read',
    ]);
  });

  it('lets the patient withdraw an open request, which then cannot be decided', async () => {
    const deps = await setup();
    const request = await requestCorrection(deps, patient, input(itemTarget), ctx);

    await expect(withdrawCorrection(deps, otherPatient, request.requestId, ctx)).rejects.toMatchObject({ status: 404 });
    const withdrawn = await withdrawCorrection(deps, patient, request.requestId, ctx);

    expect(withdrawn.status).toBe('withdrawn');
    await expect(acceptCorrection(deps, staff, 'pt-1', request.requestId, { amendment: 'x' }, ctx)).rejects.toMatchObject({ status: 409 });
    expect((await listCorrectionQueue(deps, staff, { status: 'open', limit: 25 }, ctx)).items).toEqual([]);
    expect((await listCorrectionQueue(deps, staff, { status: 'closed', limit: 25 }, ctx)).items.map((r) => r.status)).toEqual(['withdrawn']);
    expect((await listMyCorrections(deps, patient, { limit: 25 }, ctx)).items.map((r) => r.status)).toEqual(['withdrawn']);
    expect((await listMyCorrections(deps, otherPatient, { limit: 25 }, ctx)).items).toEqual([]);
  });

  it('two staff deciding at once: exactly one wins, the other gets 409 with the state that won', async () => {
    const deps = await setup();
    const request = await requestCorrection(deps, patient, input(itemTarget), ctx);

    const results = await Promise.allSettled([
      acceptCorrection(deps, staff, 'pt-1', request.requestId, { amendment: 'Accepted by one.' }, ctx),
      denyCorrection(deps, colleague, 'pt-1', request.requestId, { ground: 'accurate-and-complete', explanation: 'Denied by the other.' }, ctx),
    ]);

    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error = lost[0]!.reason as CorrectionConflictError;
    expect(error).toBeInstanceOf(CorrectionConflictError);
    expect(error.current.status).toBe((won[0] as PromiseFulfilledResult<{ status: string }>).value.status);
    expect(JSON.parse(JSON.stringify(error.toJSON('req')))).toMatchObject({ error: { code: 'correction_conflict', current: { requestId: request.requestId } } });
  });
});

