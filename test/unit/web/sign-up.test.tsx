// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, noSession, ok, page, patientMe, renderPortal, signedIn } from './portal-harness';

async function openSignUp() {
  const api = fakeApi({
    'POST /api/auth/refresh': noSession(),
    'POST /api/auth/sign-up': signedIn(),
    'GET /api/me': ok(patientMe),
    'GET /api/me/documents': ok(page([])),
  });
  const view = renderPortal({ path: '/sign-up' });
  await screen.findByRole('heading', { level: 1, name: 'Create your account' });
  return { api, ...view };
}

describe('sign-up page', () => {
  it('shows the password rules from the shared policy', async () => {
    // Prepare
    const { user } = await openSignUp();

    // Act
    await user.type(screen.getByLabelText('Create a password'), 'abcdefghijklm');

    // Assess
    const password = screen.getByLabelText('Create a password');
    expect(password).toHaveAccessibleDescription(expect.stringContaining('At least 12 characters'));
    expect(screen.getByText('At least 12 characters')).toHaveTextContent('(done)');
    expect(screen.getByText('An uppercase letter (A–Z)')).not.toHaveTextContent('(done)');
    expect(screen.getByText('A symbol, such as ! ? # or %')).toBeInTheDocument();
  });

  it("validates every field with the shared schema's messages before calling the API", async () => {
    // Prepare
    const { api, user } = await openSignUp();

    // Act: nothing typed
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    // Assess
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveFocus();
    const messages = within(alert)
      .getAllByRole('link')
      .map((link) => link.textContent);
    expect(messages).toEqual([
      'Invitation code has 12 characters (e.g. ABCD-EFGH-JKMN).',
      'Date of birth is required.',
      'Enter a valid e-mail address.',
      'Password must be at least 12 characters.',
    ]);
    expect(screen.getByLabelText('Invitation code')).toHaveAttribute('aria-invalid', 'true');
    await user.click(within(alert).getByRole('link', { name: 'Date of birth is required.' }));
    expect(screen.getByLabelText('Date of birth')).toHaveFocus();
    expect(api.calls('POST /api/auth/sign-up')).toHaveLength(0);
  });

  it('explains a date of birth out of range and a weak password', async () => {
    // Prepare
    const { api, user } = await openSignUp();

    // Act
    await user.type(screen.getByLabelText('Invitation code'), 'abcd-efgh-jkmn');
    await user.type(screen.getByLabelText('Date of birth'), '1899-12-31');
    await user.type(screen.getByLabelText('E-mail address'), 'pat@example.org');
    await user.type(screen.getByLabelText('Create a password'), 'alllowercase1!');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    // Assess
    const alert = await screen.findByRole('alert');
    expect(within(alert).getAllByRole('link').map((link) => link.textContent)).toEqual([
      'Date of birth must be between 1900 and today.',
      'Password needs an uppercase letter.',
    ]);
    expect(screen.getByLabelText('Date of birth')).toHaveAccessibleDescription('Error: Date of birth must be between 1900 and today.');
    expect(api.calls('POST /api/auth/sign-up')).toHaveLength(0);
  });

  it('sends the normalised values and opens the home page', async () => {
    // Prepare
    const { api, user } = await openSignUp();

    // Act
    await user.type(screen.getByLabelText('Invitation code'), 'abcd efgh jkmn');
    await user.type(screen.getByLabelText('Date of birth'), '1984-03-07');
    await user.type(screen.getByLabelText('E-mail address'), 'Pat@Example.org');
    await user.type(screen.getByLabelText('Create a password'), 'Correct-Horse-42');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    // Assess
    expect(await screen.findByRole('heading', { level: 2, name: 'Your records' })).toBeInTheDocument();
    expect(api.calls('POST /api/auth/sign-up')[0]?.body).toEqual({
      invitationCode: 'ABCDEFGHJKMN',
      birthDate: '1984-03-07',
      email: 'pat@example.org',
      password: 'Correct-Horse-42',
    });
  });

  it("shows the API's errors: the message, and field details next to their fields", async () => {
    // Prepare
    const api = fakeApi({
      'POST /api/auth/refresh': noSession(),
      'POST /api/auth/sign-up': apiError(409, 'email_taken', 'An account with this e-mail address already exists.'),
    });
    const { user } = renderPortal({ path: '/sign-up' });
    await user.type(await screen.findByLabelText('Invitation code'), 'ABCD-EFGH-JKMN');
    await user.type(screen.getByLabelText('Date of birth'), '1984-03-27');
    await user.type(screen.getByLabelText('E-mail address'), 'pat@example.org');
    await user.type(screen.getByLabelText('Create a password'), 'Correct-Horse-42');

    // Act
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    // Assess
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('link', { name: 'An account with this e-mail address already exists.' })).toHaveAttribute(
      'href',
      '#sign-up-email',
    );
    expect(screen.getByLabelText('E-mail address')).toHaveAccessibleDescription(
      expect.stringContaining('An account with this e-mail address already exists.'),
    );
    expect(api.calls('POST /api/auth/sign-up')).toHaveLength(1);
  });
});
