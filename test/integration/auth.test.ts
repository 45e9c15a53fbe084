import { beforeAll, describe, expect, inject, it } from 'vitest';
import { PASSWORD, StackClient, type TestPractice } from '../support/stack-client';
import { totp } from '../support/totp';

const { url, ports } = inject('stack');
const api = new StackClient(url, ports);

describe('sign-in, refresh and sign-out', () => {
  let practice: TestPractice;
  beforeAll(async () => {
    practice = await api.newPractice();
  });

  it('signs in a staff member and sets the refresh token only as an HttpOnly cookie scoped to /api/auth', async () => {
    const response = await api.call('POST', '/api/auth/sign-in', { body: { email: practice.staffEmail, password: PASSWORD } });

    expect(response.status).toBe(200);
    expect(response.body.status).toBe('signed-in');
    expect(response.body.tokens.idToken).toMatch(/^ey/);
    expect(JSON.stringify(response.body)).not.toContain('refresh');
    const refreshCookie = response.cookies.find((c) => c.startsWith('portal_refresh='));
    expect(refreshCookie).toMatch(/HttpOnly/);
    expect(refreshCookie).toMatch(/SameSite=Strict/);
    expect(refreshCookie).toMatch(/Path=\/api\/auth/);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a wrong password with one generic message, and an unknown e-mail with the same one', async () => {
    const wrong = await api.call('POST', '/api/auth/sign-in', { body: { email: practice.staffEmail, password: 'Wrong-Password-1!' } });
    const unknown = await api.call('POST', '/api/auth/sign-in', { body: { email: 'nobody@test.example', password: 'Wrong-Password-1!' } });

    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
  });

  it('rate-limits repeated failed sign-ins for one account with 429 and Retry-After', async () => {
    const target = await api.newPractice();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await api.call('POST', '/api/auth/sign-in', { body: { email: target.staffEmail, password: `Wrong-${i}-Password!` } })).status);
    }
    const blocked = await api.call('POST', '/api/auth/sign-in', { body: { email: target.staffEmail, password: PASSWORD } });

    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('restores a session from the refresh cookie and ends it on sign-out', async () => {
    const session = await api.signIn(practice.adminEmail);

    const refreshed = await api.call('POST', '/api/auth/refresh', { cookies: session.cookies });
    const signOut = await api.call('POST', '/api/auth/sign-out', { cookies: session.cookies });
    const noCookie = await api.call('POST', '/api/auth/refresh');

    expect(refreshed.status).toBe(200);
    expect(refreshed.body.tokens.idToken).toMatch(/^ey/);
    const me = await api.call('GET', '/api/me', { token: refreshed.body.tokens.idToken });
    expect(me.body.email).toBe(practice.adminEmail);
    expect(signOut.status).toBe(204);
    expect(signOut.cookies.find((c) => c.startsWith('portal_refresh='))).toMatch(/Max-Age=0/);
    expect(noCookie.status).toBe(401);
    expect(noCookie.body.error.code).toBe('no_session');
  });

  it('enrols a TOTP authenticator and then asks for its code at every sign-in', async () => {
    const target = await api.newPractice();
    const session = await api.signIn(target.staffEmail);

    const setup = await api.call('POST', '/api/auth/mfa/setup', { body: { accessToken: session.accessToken } });
    expect(setup.status).toBe(200);
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(setup.body.otpauthUri).not.toContain(target.staffEmail.split('@')[0]);
    const wrongCode = await api.call('POST', '/api/auth/mfa/verify', { body: { accessToken: session.accessToken, code: totp(setup.body.secret) === '000000' ? '111111' : '000000' } });
    const verify = await api.call('POST', '/api/auth/mfa/verify', { body: { accessToken: session.accessToken, code: totp(setup.body.secret) } });
    expect(wrongCode.status).toBe(401);
    expect(verify.status).toBe(200);

    const first = await api.call('POST', '/api/auth/sign-in', { body: { email: target.staffEmail, password: PASSWORD } });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('mfa-required');
    expect(first.body.tokens).toBeUndefined();
    const badAnswer = await api.call('POST', '/api/auth/mfa', { body: { email: target.staffEmail, session: first.body.session, code: 'abc' } });
    expect(badAnswer.status).toBe(400);
    const answer = await api.call('POST', '/api/auth/mfa', { body: { email: target.staffEmail, session: first.body.session, code: totp(setup.body.secret) } });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('signed-in');
    expect(answer.cookies.some((c) => c.startsWith('portal_refresh='))).toBe(true);
  });

  it('refuses the access token as a bearer token: the API takes ID tokens only', async () => {
    const session = await api.signIn(practice.staffEmail);
    const response = await api.call('GET', '/api/me', { token: session.accessToken });
    expect(response.status).toBe(401);
  });

  it('refuses a tampered or missing token like the JWT authorizer does', async () => {
    const session = await api.signIn(practice.staffEmail);
    const [h, p, s] = session.idToken.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = [h, Buffer.from(JSON.stringify({ ...claims, 'custom:practice_id': 'someone-else' })).toString('base64url'), s].join('.');

    expect((await api.call('GET', '/api/me', { token: forged })).status).toBe(401);
    expect((await api.call('GET', '/api/me')).status).toBe(401);
    expect((await api.call('GET', '/api/me', { token: 'not-a-jwt' })).body).toEqual({ message: 'Unauthorized' });
  });
});
