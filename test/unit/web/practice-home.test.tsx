// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PracticePatient } from '../../../web/src/domain';
import { adminMe, fakeApi, ok, page, practicePatient, renderPortal, signedIn, staffMe } from './portal-harness';

describe('practice home', () => {
  it('lets an admin register a patient and shows the invitation code once', async () => {
    // Prepare
    const registered: PracticePatient[] = [];
    const api = fakeApi({
      'POST /api/auth/refresh': signedIn(),
      'GET /api/me': ok(adminMe),
      'GET /api/practice/patients': () => ok(page([...registered])),
      'POST /api/practice/patients': (request) => {
        const patient = practicePatient({ patientId: 'pat-9', givenName: 'Grace', familyName: 'Hopper', birthDate: '1906-12-09', mrn: 'MRN-042' });
        registered.push(patient);
        return ok({ patient, invitation: { code: 'ABCDEFGHJKMN', expiresAt: '2099-01-08T00:00:00Z' }, echo: request.body }, 201);
      },
    });
    const { user, queryClient } = renderPortal();
    expect(await screen.findByRole('heading', { level: 1, name: 'Riverside Family Medicine' })).toBeInTheDocument();
    expect(await screen.findByText(/no patients yet/i)).toBeInTheDocument();

    // Act
    const form = screen.getByRole('region', { name: 'Register a patient' });
    await user.type(within(form).getByLabelText('Given name'), 'Grace');
    await user.type(within(form).getByLabelText('Family name'), 'Hopper');
    await user.type(within(form).getByLabelText('Date of birth'), '1906-12-09');
    await user.type(within(form).getByLabelText('Medical record number (MRN)'), 'MRN-042');
    await user.click(within(form).getByRole('button', { name: 'Register and create invitation code' }));

    // Assess: the code, big and formatted, with its expiry and the hand-over note
    const heading = await screen.findByRole('heading', { level: 2, name: 'Invitation code for Grace Hopper' });
    expect(heading).toHaveFocus();
    expect(screen.getByText('ABCD-EFGH-JKMN')).toHaveClass('invite-code');
    expect(screen.getByText(/this code is shown only once/i)).toBeInTheDocument();
    const card = screen.getByRole('region', { name: 'Invitation code for Grace Hopper' });
    expect(within(card).getByText(/valid until/i)).toHaveTextContent('2099');
    expect(screen.getByRole('heading', { level: 3, name: 'Hand it to the patient in person' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Print' })).toBeInTheDocument();
    expect(api.calls('POST /api/practice/patients')[0]?.body).toEqual({
      givenName: 'Grace',
      familyName: 'Hopper',
      birthDate: '1906-12-09',
      mrn: 'MRN-042',
    });
    expect(await screen.findByRole('link', { name: 'Grace Hopper' })).toBeInTheDocument();

    // Act: copy, then done
    await user.click(screen.getByRole('button', { name: 'Copy code' }));
    expect(await screen.findByText('Code copied.')).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe('ABCD-EFGH-JKMN');
    await user.click(screen.getByRole('button', { name: 'Done' }));

    // Assess: gone from the page and from every cache
    expect(screen.queryByText('ABCD-EFGH-JKMN')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: 'Patients' })).toHaveFocus());
    expect(within(form).getByLabelText('Given name')).toHaveValue('');
    await waitFor(() => {
      const cached = JSON.stringify([
        queryClient.getQueryCache().getAll().map((q) => q.state.data),
        queryClient.getMutationCache().getAll().map((m) => m.state.data),
      ]);
      expect(cached).not.toMatch(/ABCD-?EFGH-?JKMN/);
    });
  });

  it('shows staff the patient list but not the register action', async () => {
    // Prepare
    fakeApi({
      'POST /api/auth/refresh': signedIn(),
      'GET /api/me': ok(staffMe),
      'GET /api/practice/patients': ok(
        page([practicePatient(), practicePatient({ patientId: 'pat-2', givenName: 'Alan', familyName: 'Turing', status: 'linked', mrn: 'MRN-002' })]),
      ),
    });

    // Act
    renderPortal();

    // Assess
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByRole('rowheader')).toHaveTextContent('Ada Lovelace');
    expect(within(rows[1]!).getByText('Mar 27, 1984')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('MRN-001')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Invited')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Linked')).toBeInTheDocument();
    expect(screen.getByRole('banner')).toHaveTextContent('Practice staff');
    expect(screen.queryByRole('heading', { name: /register a patient/i })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /register/i })).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Given name')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /new invitation code/i })).not.toBeInTheDocument();
  });

  it('lets an admin issue a new invitation code for a patient who has not linked yet', async () => {
    // Prepare
    const api = fakeApi({
      'POST /api/auth/refresh': signedIn(),
      'GET /api/me': ok(adminMe),
      'GET /api/practice/patients': ok(
        page([practicePatient(), practicePatient({ patientId: 'pat-2', givenName: 'Alan', familyName: 'Turing', status: 'linked' })]),
      ),
      'POST /api/practice/patients/pat-1/invitation': ok({ code: 'ZZZZ-YYYY-XXXX', expiresAt: '2099-02-01T00:00:00Z' }, 201),
    });
    const { user } = renderPortal();

    // Act
    expect(await screen.findAllByRole('button', { name: /new invitation code/i })).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'New invitation code for Ada Lovelace' }));

    // Assess
    expect(await screen.findByRole('heading', { name: 'Invitation code for Ada Lovelace' })).toHaveFocus();
    expect(screen.getByText('ZZZZ-YYYY-XXXX')).toBeInTheDocument();
    expect(api.calls('POST /api/practice/patients/pat-1/invitation')).toHaveLength(1);
  });

  it('loads the next page with the cursor the API returned', async () => {
    // Prepare
    const api = fakeApi({
      'POST /api/auth/refresh': signedIn(),
      'GET /api/me': ok(staffMe),
      'GET /api/practice/patients': (request) =>
        request.query.get('cursor') === 'cursor-2'
          ? ok(page([practicePatient({ patientId: 'pat-2', givenName: 'Alan', familyName: 'Turing' })]))
          : ok(page([practicePatient()], 'cursor-2')),
    });
    const { user } = renderPortal();
    expect(await screen.findByText('Showing 1 patient')).toBeInTheDocument();

    // Act
    await user.click(screen.getByRole('button', { name: 'Load more patients' }));

    // Assess
    expect(await screen.findByRole('link', { name: 'Alan Turing' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Ada Lovelace' })).toBeInTheDocument();
    expect(screen.getByText('Showing 2 patients')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more patients' })).not.toBeInTheDocument();
    // (StrictMode may fetch the first page twice in development.)
    const cursors = api.calls('GET /api/practice/patients').map((r) => r.query.get('cursor'));
    expect(new Set(cursors)).toEqual(new Set([null, 'cursor-2']));
    expect(cursors.at(-1)).toBe('cursor-2');
    expect(api.calls('GET /api/practice/patients')[0]?.query.get('limit')).toBe('25');
  });

  it('shows staff an empty state when the practice has no patients', async () => {
    // Prepare
    fakeApi({ 'POST /api/auth/refresh': signedIn(), 'GET /api/me': ok(staffMe), 'GET /api/practice/patients': ok(page([])) });

    // Act
    renderPortal();

    // Assess
    expect(await screen.findByText(/no patients yet\. patients appear here once a practice admin registers them/i)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
