// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, noSession, ok, page, patientMe, renderPortal, signedIn, tokens } from './portal-harness';

describe('sign-in page', () => {
  it('signs in with e-mail and password and opens the patient home', async () => {
    // Prepare
    const t = tokens();
    const api = fakeApi({
      'POST /api/auth/refresh': noSession(),
      'POST /api/auth/sign-in': signedIn(t),
      'GET /api/me': ok(patientMe),
      'GET /api/me/documents': ok(page([])),
    });
    const { user } = renderPortal({ path: '/sign-in' });

    // Act
    await user.type(await screen.findByLabelText('E-mail address'), ' Pat@Example.org ');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    // Assess
    expect(await screen.findByRole('heading', { level: 2, name: 'Your records' })).toBeInTheDocument();
    expect(api.calls('POST /api/auth/sign-in')[0]?.body).toEqual({ email: 'pat@example.org', password: 'correct horse battery' });
    expect(api.calls('GET /api/me')[0]?.headers.get('authorization')).toBe(`Bearer ${t.idToken}`);
    const banner = screen.getByRole('banner');
    expect(within(banner).getByText('pat@example.org')).toBeInTheDocument();
    expect(within(banner).getByText('Patient')).toBeInTheDocument();
    expect(within(banner).getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    expect(document.title).toBe('Your health records – Open Patient Portal');
  });

  it('asks for the authenticator code when the account has two-step sign-in', async () => {
    // Prepare
    const api = fakeApi({
      'POST /api/auth/refresh': noSession(),
      'POST /api/auth/sign-in': ok({ status: 'mfa-required', session: 'challenge-session-1' }),
      'POST /api/auth/mfa': (request) =>
        (request.body as { code?: string }).code === '123456' ? signedIn() : apiError(400, 'code_mismatch', 'That code is not right.'),
      'GET /api/me': ok(patientMe),
      'GET /api/me/documents': ok(page([])),
    });
    const { user } = renderPortal({ path: '/sign-in' });
    await user.type(await screen.findByLabelText('E-mail address'), 'pat@example.org');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    // Act: a wrong code first, then the right one
    const codeInput = await screen.findByLabelText('6-digit code');
    expect(screen.getByRole('heading', { level: 1, name: 'Enter your code' })).toBeInTheDocument();
    await user.type(codeInput, '000000');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('That code is not right.');
    await user.type(screen.getByLabelText('6-digit code'), '123 456');
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    // Assess
    expect(await screen.findByRole('heading', { level: 2, name: 'Your records' })).toBeInTheDocument();
    expect(api.calls('POST /api/auth/mfa').map((r) => r.body)).toEqual([
      { email: 'pat@example.org', session: 'challenge-session-1', code: '000000' },
      { email: 'pat@example.org', session: 'challenge-session-1', code: '123456' },
    ]);
  });

  it("shows the API's message in an alert that takes the focus when sign-in fails", async () => {
    // Prepare
    fakeApi({
      'POST /api/auth/refresh': noSession(),
      'POST /api/auth/sign-in': apiError(401, 'invalid_credentials', 'The e-mail address or password is not right.', {
        requestId: 'req-1',
      }),
    });
    const { user } = renderPortal({ path: '/sign-in' });

    // Act
    await user.type(await screen.findByLabelText('E-mail address'), 'pat@example.org');
    await user.type(screen.getByLabelText('Password'), 'wrong password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    // Assess
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('There is a problem');
    expect(alert).toHaveTextContent('The e-mail address or password is not right.');
    expect(alert).toHaveFocus();
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByLabelText('E-mail address')).toHaveValue('pat@example.org');
  });

  it('validates before calling the API and links each message to its field', async () => {
    // Prepare
    const api = fakeApi({ 'POST /api/auth/refresh': noSession() });
    const { user } = renderPortal({ path: '/sign-in' });

    // Act
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));

    // Assess
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveFocus();
    expect(within(alert).getByRole('link', { name: 'Enter a valid e-mail address.' })).toHaveAttribute('href', '#sign-in-email');
    expect(within(alert).getByRole('link', { name: 'Password is required.' })).toBeInTheDocument();
    expect(screen.getByLabelText('E-mail address')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('E-mail address')).toHaveAccessibleDescription('Error: Enter a valid e-mail address.');
    await user.click(within(alert).getByRole('link', { name: 'Password is required.' }));
    expect(screen.getByLabelText('Password')).toHaveFocus();
    expect(api.calls('POST /api/auth/sign-in')).toHaveLength(0);
  });

  it('lets staff enrol an authenticator when the API requires it, then asks them to sign in again', async () => {
    // Prepare
    const api = fakeApi({
      'POST /api/auth/refresh': noSession(),
      'POST /api/auth/sign-in': ok({ status: 'mfa-setup-required', accessToken: 'enrol-access-token' }),
      'POST /api/auth/mfa/setup': ok({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DP', otpauthUri: 'otpauth://totp/Portal:staff?secret=JBSWY3DPEHPK3PXPJBSWY3DP' }),
      'POST /api/auth/mfa/verify': ok({ enabled: true }),
    });
    const { user } = renderPortal({ path: '/sign-in' });
    await user.type(await screen.findByLabelText('E-mail address'), 'staff@riverside.example');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    // Act
    expect(await screen.findByRole('heading', { level: 1, name: 'Set up two-step sign-in' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Begin set-up' }));
    expect(await screen.findByText('JBSW Y3DP EHPK 3PXP JBSW Y3DP')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /open the set-up link/i })).toHaveAttribute(
      'href',
      'otpauth://totp/Portal:staff?secret=JBSWY3DPEHPK3PXPJBSWY3DP',
    );
    await user.type(screen.getByLabelText('6-digit code from the app'), '654321');
    await user.click(screen.getByRole('button', { name: 'Turn on two-step sign-in' }));

    // Assess
    expect(await screen.findByText(/two-step sign-in is set up\. sign in again/i)).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(api.calls('POST /api/auth/mfa/setup')[0]?.body).toEqual({ accessToken: 'enrol-access-token' });
    expect(api.calls('POST /api/auth/mfa/verify')[0]?.body).toEqual({ accessToken: 'enrol-access-token', code: '654321' });
  });

  it('links to account creation for patients with an invitation code', async () => {
    // Prepare
    fakeApi({ 'POST /api/auth/refresh': noSession() });
    const { user } = renderPortal({ path: '/sign-in' });

    // Act
    await user.click(await screen.findByRole('link', { name: /create your account \(you need the invitation code from your practice\)/i }));

    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Create your account' })).toBeInTheDocument();
    expect(document.title).toBe('Create your account – Open Patient Portal');
  });
});
