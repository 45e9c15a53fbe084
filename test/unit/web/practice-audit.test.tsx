// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { PracticeAuditRow } from '../../../web/src/domain';
import { adminMe, apiError, fakeApi, ok, page, patientMe, practicePatient, renderPortal, signedIn, staffMe, type FakeHandler } from './portal-harness';

function row(overrides: Partial<PracticeAuditRow> = {}): PracticeAuditRow {
  return {
    eventId: 'ev-1',
    at: '2026-03-04T14:03:12.000Z',
    action: 'document.download',
    outcome: 'success',
    actorId: 'sub-staff-1',
    actorRole: 'staff',
    actorLabel: 'staff@riverside.example',
    patientId: 'pat-1',
    resource: 'document/doc-1',
    sourceIp: '203.0.113.7',
    ...overrides,
  };
}

const ROWS: PracticeAuditRow[] = [
  row({ eventId: 'ev-2', at: '2026-03-05T08:00:00.000Z', action: 'record.read', outcome: 'denied', reason: 'Not a patient of this practice', patientId: 'pat-9', actorLabel: undefined, actorId: 'sub-unknown' }),
  row(),
  row({ eventId: 'ev-0', at: '2026-03-01T07:00:00.000Z', action: 'auth.sign-in', outcome: 'failure', actorId: 'anonymous', actorRole: 'anonymous', actorLabel: undefined, patientId: undefined, resource: undefined, reason: 'Wrong password' }),
];

const LINK = { url: 'http://storage.test/exports/audit.csv?X-Amz-Signature=abc', expiresAt: '2099-01-01T00:00:00Z', filename: 'audit-report-2026-03-05.csv', contentType: 'text/csv', size: 4096, sha256: 'd'.repeat(64) };

function routes(extra: Record<string, FakeHandler> = {}): Record<string, FakeHandler> {
  return {
    'POST /api/auth/refresh': signedIn(),
    'GET /api/me': ok(adminMe),
    'GET /api/practice/patients': ok(page([practicePatient({ patientId: 'pat-1', givenName: 'Ada', familyName: 'Lovelace', mrn: 'MRN-001', status: 'linked' })])),
    'GET /api/practice/audit': ok(page(ROWS)),
    ...extra,
  };
}

const reportQueries = (api: ReturnType<typeof fakeApi>) => api.calls('GET /api/practice/audit').map((r) => r.query.toString());

describe("the practice's audit report", () => {
  it('shows the events newest first with outcome, user, role, patient, resource, reason and source IP', async () => {
    // Prepare
    const api = fakeApi(routes());

    // Act
    renderPortal({ path: '/practice/audit' });

    // Assess
    const table = await screen.findByRole('table', { name: 'Audit events, newest first' });
    const rows = within(table).getAllByRole('row');
    expect(within(rows[0]!).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Time (UTC)▼, newest first. Show oldest first',
      'Action',
      'Outcome',
      'User',
      'Role',
      'Patient',
      'Resource',
      'Reason',
      'Source IP',
    ]);
    expect(rows[1]).toHaveTextContent('2026-03-05 08:00:00');
    expect(within(rows[1]!).getByRole('rowheader')).toHaveTextContent('record.read');
    expect(within(rows[1]!).getByText('Denied')).toHaveClass('badge');
    expect(rows[1]).toHaveTextContent('sub-unknown');
    expect(rows[1]).toHaveTextContent('pat-9');
    expect(rows[1]).toHaveTextContent('Not a patient of this practice');
    // A known patient by name (with the ID), a user by their label (with the ID)
    expect(rows[2]).toHaveTextContent('Ada Lovelacepat-1');
    expect(rows[2]).toHaveTextContent('staff@riverside.examplesub-staff-1');
    expect(rows[2]).toHaveTextContent('Practice staff');
    expect(rows[2]).toHaveTextContent('document/doc-1');
    expect(rows[2]).toHaveTextContent('203.0.113.7');
    expect(within(rows[2]!).getByText('Success')).toHaveClass('badge');
    expect(within(rows[3]!).getByText('Failed')).toHaveClass('badge');
    expect(rows[3]).toHaveTextContent('Not signed in');
    expect(rows[3]).toHaveTextContent('Wrong password');
    expect(screen.getByText('Showing 3 events')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Audit report' })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toMatch(/^Audit report – /));
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Audit' })).toHaveAttribute('aria-current', 'page');
    expect(new Set(reportQueries(api))).toEqual(new Set(['order=desc&limit=25']));
  });

  it('sends the filters as query parameters when asked, and not before', async () => {
    // Prepare
    const api = fakeApi(routes());
    const { user } = renderPortal({ path: '/practice/audit' });
    await screen.findByRole('table');
    const before = reportQueries(api).length;

    // Act
    await user.type(screen.getByLabelText('From'), '2026-03-01');
    await user.type(screen.getByLabelText('To'), '2026-03-31');
    await user.type(screen.getByLabelText('User ID'), ' sub-staff-1 ');
    await user.type(screen.getByLabelText('Patient ID'), 'pat-1');
    await user.selectOptions(screen.getByLabelText('Action'), 'Documents');
    await user.selectOptions(screen.getByLabelText('Outcome'), 'Denied');
    expect(reportQueries(api)).toHaveLength(before);
    await user.click(screen.getByRole('button', { name: 'Show events' }));

    // Assess: filtered pages are larger (the server filters each page after reading it)
    await waitFor(() =>
      expect(reportQueries(api).at(-1)).toBe('from=2026-03-01&to=2026-03-31&actorId=sub-staff-1&patientId=pat-1&action=document.&outcome=denied&order=desc&limit=100'),
    );
    expect(await screen.findByRole('heading', { level: 2, name: 'Matching events' })).toBeInTheDocument();
    expect(Array.from((screen.getByLabelText('Action') as HTMLSelectElement).options).map((o) => o.value)).toEqual([
      '',
      'auth.',
      'document.',
      'record.',
      'correction.',
      'transmission.',
      'patient.',
      'audit.',
    ]);
    // The patients loaded so far are offered for the patient ID
    const suggestions = document.getElementById(screen.getByLabelText('Patient ID').getAttribute('list')!)!;
    expect(Array.from(suggestions.querySelectorAll('option')).map((o) => [o.value, o.label])).toEqual([['pat-1', 'Ada Lovelace (MRN MRN-001)']]);

    // Act: clear
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));

    // Assess
    expect(await screen.findByRole('heading', { level: 2, name: 'All events' })).toBeInTheDocument();
    expect(screen.getByLabelText('User ID')).toHaveValue('');
  });

  it('refuses a backwards range and a malformed patient ID without asking the server', async () => {
    // Prepare
    const api = fakeApi(routes());
    const { user } = renderPortal({ path: '/practice/audit' });
    await screen.findByRole('table');
    const before = reportQueries(api).length;

    // Act
    await user.type(screen.getByLabelText('From'), '2026-03-31');
    await user.type(screen.getByLabelText('To'), '2026-03-01');
    await user.type(screen.getByLabelText('Patient ID'), 'Ada Lovelace');
    await user.click(screen.getByRole('button', { name: 'Show events' }));

    // Assess
    expect(await screen.findByRole('alert')).toHaveTextContent('The "From" date must be on or before the "To" date.');
    expect(screen.getByLabelText('From')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Patient ID')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Patient ID')).toHaveAccessibleDescription(/A patient ID has 3 to 64 lower-case letters/);
    expect(reportQueries(api)).toHaveLength(before);
  });

  it('toggles the order from the Time heading', async () => {
    // Prepare
    const api = fakeApi(routes({ 'GET /api/practice/audit': (request) => ok(page(request.query.get('order') === 'asc' ? [...ROWS].reverse() : ROWS)) }));
    const { user } = renderPortal({ path: '/practice/audit' });
    const table = await screen.findByRole('table', { name: 'Audit events, newest first' });
    const timeHeading = within(table).getAllByRole('columnheader')[0]!;
    expect(timeHeading).toHaveAttribute('aria-sort', 'descending');

    // Act
    await user.click(within(timeHeading).getByRole('button', { name: /^Time \(UTC\)/ }));

    // Assess
    const ascending = await screen.findByRole('table', { name: 'Audit events, oldest first' });
    expect(within(ascending).getAllByRole('columnheader')[0]).toHaveAttribute('aria-sort', 'ascending');
    expect(reportQueries(api).at(-1)).toBe('order=asc&limit=25');
    await waitFor(() => expect(within(ascending).getAllByRole('row')[1]).toHaveTextContent('auth.sign-in'));

    // Act: and back
    await user.click(within(ascending).getByRole('button', { name: /^Time \(UTC\)/ }));

    // Assess
    expect(within(await screen.findByRole('table', { name: 'Audit events, newest first' })).getAllByRole('columnheader')[0]).toHaveAttribute('aria-sort', 'descending');
  });

  it('loads more with the cursor and keeps the filters', async () => {
    // Prepare
    const api = fakeApi(
      routes({
        'GET /api/practice/audit': (request) => (request.query.get('cursor') === 'c2' ? ok(page([row({ eventId: 'ev-older', at: '2026-02-01T00:00:00Z' })])) : ok(page([], 'c2'))),
      }),
    );
    const { user } = renderPortal({ path: '/practice/audit' });
    await user.selectOptions(await screen.findByLabelText('Outcome'), 'Success');
    await user.click(screen.getByRole('button', { name: 'Show events' }));

    // Assess: an empty filtered page with more behind it
    expect(await screen.findByText('None of the events read so far match these filters. Load more to look further.')).toBeInTheDocument();

    // Act
    await user.click(screen.getByRole('button', { name: 'Load more events' }));

    // Assess
    expect(await screen.findByText('2026-02-01 00:00:00')).toBeInTheDocument();
    expect(reportQueries(api).at(-1)).toBe('outcome=success&order=desc&limit=100&cursor=c2');
  });

  it('exports the report as CSV with the filters and order shown', async () => {
    // Prepare
    const followed = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {});
    const api = fakeApi(routes({ 'POST /api/practice/audit/export': ok(LINK, 201) }));
    const { user } = renderPortal({ path: '/practice/audit' });
    await screen.findByRole('table');
    await user.selectOptions(screen.getByLabelText('Action'), 'Sign-ins');
    await user.type(screen.getByLabelText('From'), '2026-03-01');
    await user.click(screen.getByRole('button', { name: 'Show events' }));
    await screen.findByRole('heading', { level: 2, name: 'Matching events' });
    await user.click(within(screen.getByRole('table')).getByRole('button', { name: /^Time \(UTC\)/ }));
    // Typed but not applied: not part of the export
    await user.type(screen.getByLabelText('User ID'), 'sub-x');

    // Act
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));

    // Assess
    expect(await screen.findByRole('status')).toHaveTextContent('Your file (audit-report-2026-03-05.csv, 4 KB) is downloading.');
    expect(api.calls('POST /api/practice/audit/export').map((r) => r.body)).toEqual([{ from: '2026-03-01', action: 'auth.', order: 'asc' }]);
    expect(followed).toHaveBeenCalledTimes(1);
    expect(followed.mock.contexts[0]).toHaveProperty('href', LINK.url);
  });

  it("says why the export failed (e.g. too many events)", async () => {
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {});
    fakeApi(routes({ 'POST /api/practice/audit/export': apiError(400, 'validation_failed', 'More than 100000 events match: choose a shorter time range.') }));
    const { user } = renderPortal({ path: '/practice/audit' });
    await screen.findByRole('table');

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("We couldn't prepare the CSV file");
    expect(alert).toHaveTextContent('More than 100000 events match: choose a shorter time range.');
  });

  it('is linked from the admin home page', async () => {
    fakeApi(routes());

    renderPortal({ path: '/' });

    const card = await screen.findByRole('region', { name: 'Audit report' });
    expect(within(card).getByRole('link', { name: 'Open the audit report' })).toHaveAttribute('href', '/practice/audit');
  });

  it('is refused to staff who are not admins, who are not offered it either', async () => {
    // Prepare
    const api = fakeApi(routes({ 'GET /api/me': ok(staffMe) }));

    // Act
    renderPortal({ path: '/practice/audit' });

    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: "This page isn't available to you" })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Corrections' })).toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Audit' })).not.toBeInTheDocument();
    expect(api.calls('GET /api/practice/audit')).toEqual([]);
  });

  it('is refused to patients', async () => {
    const api = fakeApi(routes({ 'GET /api/me': ok(patientMe) }));

    renderPortal({ path: '/practice/audit' });

    expect(await screen.findByRole('heading', { level: 1, name: "This page isn't available to you" })).toBeInTheDocument();
    expect(api.calls('GET /api/practice/audit')).toEqual([]);
  });
});
