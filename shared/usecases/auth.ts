import type { AuditActor } from '../domain/audit';
import { GROUPS } from '../platform/resources';
import type { AnswerMfaChallengeInput, SignInInput, SignUpPatientInput } from '../domain/schemas';
import { DomainError, TooManyRequestsError } from '../errors';
import type { AuthStep, IssuedTokens } from '../ports/identity-provider';
import type { Deps, RequestContext } from './deps';
import { checkInvitation } from './invitations';

/** What an auth use case hands back to its handler: the public result plus the refresh token for the cookie. */
export type AuthOutcome =
  | { status: 'signed-in'; tokens: IssuedTokens; accountId: string }
  | { status: 'mfa-required'; session: string }
  | { status: 'mfa-setup-required'; accessToken: string };

const ANONYMOUS: AuditActor = { id: 'anonymous', role: 'anonymous' };

/** Claims of a token that Cognito itself has just issued or accepted (so not verified again here). */
function claimsOf(token: string): Record<string, unknown> {
  try {
    const claims: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function actorOf(idToken: string): AuditActor {
  const claims = claimsOf(idToken);
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : [];
  const role = groups.includes(GROUPS.admin) ? 'admin' : groups.includes(GROUPS.staff) ? 'staff' : 'patient';
  const practiceId = typeof claims['custom:practice_id'] === 'string' ? (claims['custom:practice_id'] as string) : undefined;
  // Staff are named in the reports by their e-mail; a patient's own address stays out of the log.
  const label = role !== 'patient' && typeof claims.email === 'string' ? claims.email : undefined;
  return { id: String(claims.sub), role, ...(practiceId ? { practiceId } : {}), ...(label ? { label } : {}) };
}

/**
 * Turns tokens into the outcome: in the deployed configuration a staff account without TOTP gets only an
 * access token to enrol an authenticator (ONC (d)(13)); the API refuses access tokens, so nothing else works.
 */
async function finish(deps: Deps, step: AuthStep, email: string, action: 'auth.sign-in' | 'auth.mfa', ctx: RequestContext): Promise<AuthOutcome> {
  if (step.kind === 'mfa-challenge') return { status: 'mfa-required', session: step.session };
  const actor = actorOf(step.tokens.idToken);
  if (deps.requireStaffMfa && actor.role !== 'patient' && action === 'auth.sign-in') {
    const account = await deps.identity.describeAccount(email);
    if (!account.totpEnabled) {
      if (step.tokens.refreshToken) await deps.identity.revoke(step.tokens.refreshToken).catch(() => undefined);
      await deps.audit.append({ actor, action, outcome: 'denied', reason: 'mfa_setup_required', requestId: ctx.requestId, sourceIp: ctx.sourceIp });
      return { status: 'mfa-setup-required', accessToken: step.tokens.accessToken };
    }
  }
  await deps.audit.append({ actor, action, outcome: 'success', requestId: ctx.requestId, sourceIp: ctx.sourceIp });
  return { status: 'signed-in', tokens: step.tokens, accountId: step.accountId };
}

async function guarded<T>(deps: Deps, email: string, action: 'auth.sign-in' | 'auth.mfa', ctx: RequestContext, attempt: () => Promise<T>): Promise<T> {
  const now = deps.clock.now();
  const key = `sign-in:email:${email}`;
  const { limits } = deps;
  const { blocked, retryAfterSeconds } = await deps.rateLimiter.isBlocked(key, limits.signInFailuresPerEmail, limits.windowSeconds, now);
  if (blocked) {
    await deps.audit.append({ actor: ANONYMOUS, action, outcome: 'denied', reason: 'rate_limited', requestId: ctx.requestId, sourceIp: ctx.sourceIp });
    throw new TooManyRequestsError('Too many failed sign-ins for this account. Wait 15 minutes and try again.', retryAfterSeconds);
  }
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof DomainError && error.status === 401) {
      await deps.rateLimiter.hit(key, limits.signInFailuresPerEmail, limits.windowSeconds, now);
      // A failure against an existing account goes into that account's chain (and its practice's report), so the
      // owner sees it in their activity; the e-mail address itself is never recorded.
      const account = await deps.identity.describeAccount(email).catch(() => undefined);
      await deps.audit.append({
        actor: ANONYMOUS,
        action,
        outcome: 'failure',
        reason: error.code,
        requestId: ctx.requestId,
        sourceIp: ctx.sourceIp,
        ...(account?.accountId ? { accountId: account.accountId } : {}),
        ...(account?.practiceId ? { practiceId: account.practiceId } : {}),
      });
    }
    throw error;
  }
}

export function signIn(deps: Deps, input: SignInInput, ctx: RequestContext): Promise<AuthOutcome> {
  return guarded(deps, input.email, 'auth.sign-in', ctx, async () => finish(deps, await deps.identity.signIn(input.email, input.password), input.email, 'auth.sign-in', ctx));
}

export function answerMfaChallenge(deps: Deps, input: AnswerMfaChallengeInput, ctx: RequestContext): Promise<AuthOutcome> {
  return guarded(deps, input.email, 'auth.mfa', ctx, async () => finish(deps, await deps.identity.answerMfa(input.email, input.session, input.code), input.email, 'auth.mfa', ctx));
}

/**
 * A patient creates an account with the invitation code their practice gave them: the code and date of birth
 * are checked first, then the account is made and linked in one step; if linking fails, the account is removed
 * again so that no half-made account blocks the e-mail address.
 */
export async function signUpPatient(deps: Deps, input: SignUpPatientInput, ctx: RequestContext): Promise<AuthOutcome> {
  const invitation = await checkInvitation(deps, input, ctx);
  const accountId = await deps.identity.createAccount({ email: input.email, password: input.password, group: GROUPS.patient });
  try {
    await deps.directory.linkAccount(invitation, accountId, deps.clock.now());
  } catch (error) {
    await deps.identity.deleteAccount(input.email).catch(() => undefined);
    throw error;
  }
  const actor: AuditActor = { id: accountId, role: 'patient' };
  await deps.audit.append({
    actor,
    action: 'auth.sign-up',
    outcome: 'success',
    patientId: invitation.patientId,
    practiceId: invitation.practiceId,
    resource: { type: 'account', id: accountId },
    requestId: ctx.requestId,
    sourceIp: ctx.sourceIp,
  });
  const step = await deps.identity.signIn(input.email, input.password);
  if (step.kind !== 'tokens') throw new DomainError('identity_error', 502, 'Your account was created. Sign in to continue.');
  return { status: 'signed-in', tokens: step.tokens, accountId };
}

export async function refreshSession(deps: Deps, refreshToken: string, accountId: string): Promise<IssuedTokens> {
  return deps.identity.refresh(refreshToken, accountId);
}

export async function startMfaSetup(deps: Deps, accessToken: string): Promise<{ secret: string; otpauthUri: string }> {
  const { secret } = await deps.identity.startTotpSetup(accessToken);
  const claims = claimsOf(accessToken);
  // The label names the account by its opaque id, not its e-mail, so that nothing personal sits in the URI.
  const label = encodeURIComponent(`Open Patient Portal:${String(claims.username ?? claims.sub ?? 'account').slice(0, 8)}`);
  return { secret, otpauthUri: `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent('Open Patient Portal')}&algorithm=SHA1&digits=6&period=30` };
}

export async function finishMfaSetup(deps: Deps, accessToken: string, code: string, ctx: RequestContext): Promise<{ enabled: true }> {
  await deps.identity.finishTotpSetup(accessToken, code);
  await deps.audit.append({ actor: actorOf(accessToken), action: 'auth.mfa-enrol', outcome: 'success', requestId: ctx.requestId, sourceIp: ctx.sourceIp });
  return { enabled: true };
}
