// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { SessionTokens } from '../../../web/src/domain';
import { apiError, fakeApi, noContent, noSession, ok, page, patientMe, renderPortal, signedIn, tokens } from './portal-harness';

describe('session', () => {
  it('never writes tokens to localStorage, sessionStorage or the URL', async () => {
    // Prepare
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    let hasSession = false;
    const refreshed: SessionTokens[] = [];
    const api = fakeApi({
      'POST /api/auth/refresh': () => {
        if (!hasSession) return noSession();
        const next = tokens(900);
        refreshed.push(next);
        return signedIn(next);
      },
      'POST /api/auth/sign-in': () => {
        hasSession = true;
        // Short-lived, so that the refresh logic runs during the test.
        return signedIn(tokens(2));
      },
      'POST /api/auth/sign-out': noContent(),
      'GET /api/me': ok(patientMe),
      'GET /api/me/documents': ok(page([])),
    });
    const { user, router } = renderPortal({ path: '/sign-in' });
    await user.type(await screen.findByLabelText('E-mail address'), 'pat@example.org');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');

    // Act: sign in, let the tokens be refreshed, sign out
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { level: 2, name: 'Your records' });
    await waitFor(() => expect(refreshed.length).toBeGreaterThan(0));
    await user.click(within(screen.getByRole('banner')).getByRole('button', { name: 'Sign out' }));

    // Assess
    expect(await screen.findByText('You have signed out.')).toBeInTheDocument();
    expect(api.calls('POST /api/auth/sign-out')[0]?.body).toEqual({ accessToken: refreshed.at(-1)?.accessToken });
    expect(setItem).not.toHaveBeenCalled();
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
    const location = router.state.location;
    expect(`${location.pathname}${location.search}${location.hash}${JSON.stringify(location.state)}`).not.toMatch(/token/i);
    expect(window.location.href).not.toMatch(/token/i);
    expect(document.cookie).toBe('');
  });

  it('clears all cached data on sign-out', async () => {
    // Prepare
    const api = fakeApi({
      'POST /api/auth/refresh': signedIn(),
      'POST /api/auth/sign-out': noContent(),
      'GET /api/me': ok(patientMe),
      'GET /api/me/documents': ok(page([])),
    });
    const { user, queryClient } = renderPortal();
    await screen.findByRole('heading', { level: 2, name: 'Your records' });
    expect(queryClient.getQueryCache().getAll().length).toBeGreaterThan(0);

    // Act
    await user.click(within(screen.getByRole('banner')).getByRole('button', { name: 'Sign out' }));

    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
    expect(queryClient.getMutationCache().getAll()).toHaveLength(0);
    expect(screen.queryByText('pat@example.org')).not.toBeInTheDocument();
    expect(api.calls('POST /api/auth/sign-out')).toHaveLength(1);
  });

  it('restores the session after a reload from the refresh cookie', async () => {
    // Prepare
    const t = tokens();
    const api = fakeApi({ 'POST /api/auth/refresh': signedIn(t), 'GET /api/me': ok(patientMe), 'GET /api/me/documents': ok(page([])) });

    // Act
    renderPortal();

    // Assess
    expect(await screen.findByRole('heading', { level: 2, name: 'Your records' })).toBeInTheDocument();
    expect(api.calls('POST /api/auth/refresh')).toHaveLength(1);
    expect(api.calls('GET /api/me')[0]?.headers.get('authorization')).toBe(`Bearer ${t.idToken}`);
  });

  it('sends people without a session to the sign-in page', async () => {
    // Prepare
    fakeApi({ 'POST /api/auth/refresh': noSession() });

    // Act
    const { router } = renderPortal();

    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(document.title).toBe('Sign in – Open Patient Portal');
  });

  it('answers a 401 with one refresh and a retry with the new token', async () => {
    // Prepare
    const first = tokens();
    const second = tokens();
    const refreshAnswers = [signedIn(first), signedIn(second)];
    const api = fakeApi({
      'POST /api/auth/refresh': () => refreshAnswers.shift() ?? noSession(),
      'GET /api/me': (request) =>
        request.headers.get('authorization') === `Bearer ${second.idToken}` ? ok(patientMe) : apiError(401, 'unauthenticated', 'Sign in to continue.'),
      'GET /api/me/documents': ok(page([])),
    });

    // Act
    renderPortal();

    // Assess
    expect(await screen.findByRole('heading', { level: 2, name: 'Your records' })).toBeInTheDocument();
    expect(api.calls('POST /api/auth/refresh')).toHaveLength(2);
    expect(api.calls('GET /api/me').map((r) => r.headers.get('authorization'))).toEqual([`Bearer ${first.idToken}`, `Bearer ${second.idToken}`]);
  });

  it('signs out when the API still refuses after a refresh', async () => {
    // Prepare
    const refreshAnswers = [signedIn()];
    const api = fakeApi({
      'POST /api/auth/refresh': () => refreshAnswers.shift() ?? noSession(),
      'POST /api/auth/sign-out': noContent(),
      'GET /api/me': apiError(401, 'unauthenticated', 'Sign in to continue.'),
    });

    // Act
    renderPortal();

    // Assess
    expect(await screen.findByText('Your session has ended. Please sign in again.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(api.calls('POST /api/auth/refresh')).toHaveLength(2);
  });
});
