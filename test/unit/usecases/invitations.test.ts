import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/principal';
import { normalizeInvitationCode } from '../../../shared/domain/schemas';
import { linkPractice } from '../../../shared/usecases/account';
import { signUpPatient } from '../../../shared/usecases/auth';
import { checkInvitation, hashInvitationCode } from '../../../shared/usecases/invitations';
import { issueInvitation, registerPatient } from '../../../shared/usecases/practice-patients';
import { memoryDeps } from '../../support/memory';

const ctx = { requestId: 'r-1', sourceIp: '198.51.100.7' };
const admin: Principal = { kind: 'staff', role: 'admin', accountId: 'admin-1', practiceId: 'practice-1', email: 'a@p.example' };
const DOB = '1980-02-29';

async function registered(deps = memoryDeps()) {
  await deps.directory.putPractice({ practiceId: 'practice-1', name: 'Practice One' });
  const result = await registerPatient(deps, admin, { givenName: 'Lee', familyName: 'Park', birthDate: DOB, mrn: 'M-1' }, ctx);
  return { deps, result, code: normalizeInvitationCode(result.invitation.code) };
}

describe('invitation codes', () => {
  it('are 12 unambiguous characters, differ every time, and only their hash is stored', async () => {
    const { deps, result, code } = await registered();
    const second = await registerPatient(deps, admin, { givenName: 'Kim', familyName: 'Park', birthDate: DOB, mrn: 'M-2' }, ctx);

    expect(code).toMatch(/^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{12}$/);
    expect(normalizeInvitationCode(second.invitation.code)).not.toBe(code);
    expect(deps.directory.invitations.has(hashInvitationCode(code))).toBe(true);
    expect(JSON.stringify([...deps.directory.invitations.values()])).not.toContain(code);
    expect(result.invitation.expiresAt).toBe('2026-12-22T12:00:00.000Z');
  });

  it('read the same when typed with look-alike letters, spaces and lower case', () => {
    expect(normalizeInvitationCode(' abcd-efgh-jkmo ')).toBe('ABCDEFGHJKM0');
    expect(normalizeInvitationCode('1l1i')).toBe('1111');
  });

  it('are accepted with the right date of birth and refused with a wrong one, same answer as an unknown code', async () => {
    const { deps, code } = await registered();

    await expect(checkInvitation(deps, { invitationCode: code, birthDate: DOB }, ctx)).resolves.toMatchObject({ status: 'active' });
    const wrongDob = await checkInvitation(deps, { invitationCode: code, birthDate: '1980-03-01' }, ctx).catch((e) => e);
    const unknown = await checkInvitation(deps, { invitationCode: 'ZZZZZZZZZZZZ', birthDate: DOB }, ctx).catch((e) => e);
    expect(wrongDob.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect(wrongDob.message).toBe(unknown.message);
  });

  it('expire after 30 days: a day before still works, a moment after is refused as expired', async () => {
    const { deps, code } = await registered();
    deps.clock.advance(29 * 86_400_000);
    await expect(checkInvitation(deps, { invitationCode: code, birthDate: DOB }, ctx)).resolves.toBeDefined();
    deps.clock.advance(86_400_000 + 1);
    await expect(checkInvitation(deps, { invitationCode: code, birthDate: DOB }, ctx)).rejects.toMatchObject({ status: 410, code: 'invitation_expired' });
  });

  it('cannot be used twice, and a replaced code stops working', async () => {
    const { deps, code, result } = await registered();
    const fresh = await issueInvitation(deps, admin, result.patient.patientId, ctx);

    await expect(checkInvitation(deps, { invitationCode: code, birthDate: DOB }, ctx)).rejects.toMatchObject({ code: 'invitation_revoked' });
    await signUpPatient(deps, { email: 'lee@example.com', password: 'Secret-Password-1!', invitationCode: normalizeInvitationCode(fresh.code), birthDate: DOB }, ctx);
    await expect(checkInvitation(deps, { invitationCode: normalizeInvitationCode(fresh.code), birthDate: DOB }, ctx)).rejects.toMatchObject({ code: 'invitation_used' });
    await expect(issueInvitation(deps, admin, result.patient.patientId, ctx)).rejects.toMatchObject({ status: 409 });
  });

  it('are rate-limited per source address: once over the limit even a right code gets 429', async () => {
    const { deps, code } = await registered();
    deps.limits.invitationFailuresPerIp = 3;
    for (let i = 0; i < 3; i++) await checkInvitation(deps, { invitationCode: `WRONG${i}WRONG0`.slice(0, 12), birthDate: DOB }, ctx).catch(() => undefined);

    await expect(checkInvitation(deps, { invitationCode: code, birthDate: DOB }, ctx)).rejects.toMatchObject({ status: 429 });
    // Another address is not affected, and the window passes.
    await expect(checkInvitation(deps, { invitationCode: code, birthDate: DOB }, { ...ctx, sourceIp: '203.0.113.9' })).resolves.toBeDefined();
    // A sliding window: five minutes past the window, a third of the old attempts have left it.
    deps.clock.advance(20 * 60_000);
    await expect(checkInvitation(deps, { invitationCode: code, birthDate: DOB }, ctx)).resolves.toBeDefined();
  });
});

describe('signing up with an invitation', () => {
  it('creates the account in the patients group, links it, and audits it in the patient’s chain', async () => {
    const { deps, code, result } = await registered();
    const outcome = await signUpPatient(deps, { email: 'lee@example.com', password: 'Secret-Password-1!', invitationCode: code, birthDate: DOB }, ctx);

    expect(outcome.status).toBe('signed-in');
    expect(deps.identity.accounts.get('lee@example.com')?.groups).toEqual(['patients']);
    const chain = await deps.audit.readChain(`PATIENT#${result.patient.patientId}`);
    expect(chain.map((e) => e.action)).toEqual(['patient.register', 'auth.sign-up']);
  });

  it('removes the new account again when linking fails, so the e-mail is not blocked', async () => {
    const { deps, code } = await registered();
    deps.directory.linkAccount = async () => {
      throw new Error('transaction failed');
    };
    await expect(signUpPatient(deps, { email: 'lee@example.com', password: 'Secret-Password-1!', invitationCode: code, birthDate: DOB }, ctx)).rejects.toThrow('transaction failed');
    expect(deps.identity.accounts.has('lee@example.com')).toBe(false);
    expect(deps.identity.deleted).toEqual(['lee@example.com']);
  });

  it('lets a signed-in patient link a second practice; staff cannot use the patient link endpoint', async () => {
    const { deps, code } = await registered();
    const outcome = await signUpPatient(deps, { email: 'lee@example.com', password: 'Secret-Password-1!', invitationCode: code, birthDate: DOB }, ctx);
    if (outcome.status !== 'signed-in') throw new Error('expected sign-in');
    await deps.directory.putPractice({ practiceId: 'practice-2', name: 'Practice Two' });
    const admin2: Principal = { ...admin, practiceId: 'practice-2', accountId: 'admin-2' };
    const second = await registerPatient(deps, admin2, { givenName: 'Lee', familyName: 'Park', birthDate: DOB, mrn: 'X-9' }, ctx);
    const patient: Principal = { kind: 'patient', role: 'patient', accountId: outcome.accountId, email: 'lee@example.com' };

    const link = await linkPractice(deps, patient, { invitationCode: normalizeInvitationCode(second.invitation.code), birthDate: DOB }, ctx);
    expect(link.practiceName).toBe('Practice Two');
    await expect(linkPractice(deps, admin, { invitationCode: 'ZZZZZZZZZZZZ', birthDate: DOB }, ctx)).rejects.toMatchObject({ status: 403 });
  });
});
