import { describe, expect, it } from 'vitest';
import { answerMfaChallenge, signIn } from '../../../shared/usecases/auth';
import { memoryDeps } from '../../support/memory';

const ctx = { requestId: 'r', sourceIp: '192.0.2.1' };

function withAccounts(requireStaffMfa: boolean) {
  const deps = memoryDeps({ requireStaffMfa });
  deps.identity.accounts.set('staff@p.example', { accountId: 'staff-1', password: 'Pw-123456789!', groups: ['practice-staff'], totp: false, practiceId: 'p1' });
  deps.identity.accounts.set('mfa@p.example', { accountId: 'staff-2', password: 'Pw-123456789!', groups: ['practice-staff'], totp: true, practiceId: 'p1' });
  deps.identity.accounts.set('pat@example.com', { accountId: 'pat-1', password: 'Pw-123456789!', groups: ['patients'], totp: false });
  return deps;
}

describe('signing in', () => {
  it('where staff MFA is required, gives a staff member without TOTP only an enrolment token, no ID token and no refresh token', async () => {
    const deps = withAccounts(true);
    const outcome = await signIn(deps, { email: 'staff@p.example', password: 'Pw-123456789!' }, ctx);

    expect(outcome.status).toBe('mfa-setup-required');
    expect(outcome).not.toHaveProperty('tokens');
    expect(deps.identity.revoked).toEqual(['refresh-staff-1']);
    expect(deps.audit.all().at(-1)).toMatchObject({ action: 'auth.sign-in', outcome: 'denied', reason: 'mfa_setup_required' });
  });

  it('where staff MFA is required, still signs patients in without it (offered, not imposed)', async () => {
    const deps = withAccounts(true);
    expect((await signIn(deps, { email: 'pat@example.com', password: 'Pw-123456789!' }, ctx)).status).toBe('signed-in');
  });

  it('without the requirement (local), signs staff in directly', async () => {
    const deps = withAccounts(false);
    expect((await signIn(deps, { email: 'staff@p.example', password: 'Pw-123456789!' }, ctx)).status).toBe('signed-in');
  });

  it('asks enrolled accounts for a code and signs them in with the right one', async () => {
    const deps = withAccounts(true);
    const first = await signIn(deps, { email: 'mfa@p.example', password: 'Pw-123456789!' }, ctx);
    expect(first).toEqual({ status: 'mfa-required', session: 'session-mfa@p.example' });
    await expect(answerMfaChallenge(deps, { email: 'mfa@p.example', session: 'session-mfa@p.example', code: '000000' }, ctx)).rejects.toMatchObject({ status: 401 });
    expect((await answerMfaChallenge(deps, { email: 'mfa@p.example', session: 'session-mfa@p.example', code: '123456' }, ctx)).status).toBe('signed-in');
  });

  it('audits a failed sign-in without the e-mail address, and locks the address after the limit', async () => {
    const deps = withAccounts(false);
    deps.limits.signInFailuresPerEmail = 2;
    for (let i = 0; i < 2; i++) await signIn(deps, { email: 'staff@p.example', password: 'wrong' }, ctx).catch(() => undefined);

    await expect(signIn(deps, { email: 'staff@p.example', password: 'Pw-123456789!' }, ctx)).rejects.toMatchObject({ status: 429 });
    const events = deps.audit.all();
    expect(events.filter((e) => e.outcome === 'failure')).toHaveLength(2);
    expect(JSON.stringify(events)).not.toContain('staff@p.example');
    expect(events.at(-1)).toMatchObject({ outcome: 'denied', reason: 'rate_limited', sourceIp: '192.0.2.1' });
  });
});
