import { createHash, randomInt } from 'node:crypto';
import type { Invitation, PatientRecord } from '../domain/entities';
import { formatInvitationCode, INVITATION_ALPHABET, INVITATION_LENGTH, type IssuedInvitation } from '../domain/schemas';
import { DomainError, GoneError, TooManyRequestsError } from '../errors';
import type { Deps, RequestContext } from './deps';

/** Only the hash of a code is stored: a database read does not reveal codes that still work. */
export function hashInvitationCode(code: string): string {
  return createHash('sha256').update(`invitation:${code}`).digest('hex');
}

/** `length` characters of Crockford base32 from a CSPRNG (5 bits each): codes a person reads or types. */
export function randomCrockford(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += INVITATION_ALPHABET[randomInt(INVITATION_ALPHABET.length)];
  return code;
}

/** 12 characters of Crockford base32: 60 bits, with guessing rate-limited. */
export function newInvitationCode(): string {
  return randomCrockford(INVITATION_LENGTH);
}

export function makeInvitation(deps: Deps, patient: Pick<PatientRecord, 'patientId' | 'practiceId'>): { invitation: Invitation; issued: IssuedInvitation } {
  const now = deps.clock.now();
  const code = newInvitationCode();
  const expiresAt = new Date(now.getTime() + deps.limits.invitationValidityDays * 86_400_000).toISOString();
  return {
    invitation: { codeHash: hashInvitationCode(code), patientId: patient.patientId, practiceId: patient.practiceId, status: 'active', createdAt: now.toISOString(), expiresAt },
    issued: { code: formatInvitationCode(code), expiresAt },
  };
}

const MISMATCH = 'The invitation code and date of birth do not match our records. Check both against what your practice gave you.';

/**
 * Checks an invitation code and date of birth without consuming the code. Every failure counts against the
 * caller's address (and account, when signed in); over the limit the caller is refused before any lookup.
 * A wrong code and a wrong date of birth get the same answer, so that a guess reveals nothing.
 */
export async function checkInvitation(
  deps: Deps,
  input: { invitationCode: string; birthDate: string },
  ctx: RequestContext,
  accountId?: string,
): Promise<Invitation> {
  const now = deps.clock.now();
  const { limits, rateLimiter } = deps;
  const keys: Array<[string, number]> = [[`invitation:ip:${ctx.sourceIp}`, limits.invitationFailuresPerIp]];
  if (accountId) keys.push([`invitation:account:${accountId}`, limits.invitationFailuresPerAccount]);

  for (const [key, limit] of keys) {
    const { blocked, retryAfterSeconds } = await rateLimiter.isBlocked(key, limit, limits.windowSeconds, now);
    if (blocked) throw new TooManyRequestsError('Too many attempts with invitation codes. Wait 15 minutes and try again, or ask your practice for help.', retryAfterSeconds);
  }

  const fail = async (error: DomainError, known?: Invitation): Promise<never> => {
    await Promise.all(keys.map(([key, limit]) => rateLimiter.hit(key, limit, limits.windowSeconds, now)));
    // A real code used with the wrong date of birth, or no longer valid, concerns the patient it was issued to:
    // the attempt goes into their chain (who tried and why it was refused; never the date that was typed).
    if (known) {
      await deps.audit.append({
        actor: accountId ? { id: accountId, role: 'patient' } : { id: 'anonymous', role: 'anonymous' },
        action: accountId ? 'account.link' : 'auth.sign-up',
        outcome: 'denied',
        reason: error.code,
        patientId: known.patientId,
        practiceId: known.practiceId,
        requestId: ctx.requestId,
        sourceIp: ctx.sourceIp,
      });
    }
    throw error;
  };

  const invitation = await deps.directory.findInvitation(hashInvitationCode(input.invitationCode));
  if (!invitation) return fail(new DomainError('invitation_invalid', 400, MISMATCH));
  const patient = await deps.directory.getPatient(invitation.practiceId, invitation.patientId);
  if (!patient || patient.birthDate !== input.birthDate) return fail(new DomainError('invitation_invalid', 400, MISMATCH), patient ? invitation : undefined);
  if (invitation.status === 'used') return fail(new GoneError('This invitation code has already been used. Sign in with the account it created, or ask your practice for a new code.', 'invitation_used'), invitation);
  if (invitation.status === 'revoked') return fail(new GoneError('This invitation code was replaced by a newer one. Use the newest code your practice gave you.', 'invitation_revoked'), invitation);
  if (invitation.expiresAt <= now.toISOString()) return fail(new GoneError('This invitation code has expired. Ask your practice for a new one.', 'invitation_expired'), invitation);
  return invitation;
}
