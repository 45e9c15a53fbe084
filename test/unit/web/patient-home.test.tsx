// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { documentSummary, fakeApi, ok, page, patientMe, renderPortal, signedIn } from './portal-harness';

describe('patient home', () => {
  it('shows an empty state when there are no records yet', async () => {
    // Prepare
    fakeApi({ 'POST /api/auth/refresh': signedIn(), 'GET /api/me': ok(patientMe), 'GET /api/me/documents': ok(page([])) });

    // Act
    renderPortal();

    // Assess
    expect(await screen.findByText('No records yet. Records appear here as soon as your practice uploads them.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(/^Good (morning|afternoon|evening)$/);
    const practices = screen.getByRole('region', { name: 'Your practices' });
    expect(within(practices).getByText('Riverside Family Medicine')).toBeInTheDocument();
    expect(within(practices).getByText(/linked since/i)).toHaveTextContent('Jan 15, 2025');
    expect(screen.getByRole('region', { name: 'Security' })).toContainElement(screen.getByRole('button', { name: 'Set up two-step sign-in' }));
  });

  it('lists documents with title, practice, date, type and size', async () => {
    // Prepare
    fakeApi({
      'POST /api/auth/refresh': signedIn(),
      'GET /api/me': ok(patientMe),
      'GET /api/me/documents': ok(page([documentSummary(), documentSummary({ documentId: 'doc-2', title: 'Lab results', kind: 'pdf', size: 1_572_864, date: '2025-03-04' })])),
    });

    // Act
    renderPortal();

    // Assess
    const table = await screen.findByRole('table', { name: 'Your records, newest first' });
    const rows = within(table).getAllByRole('row');
    expect(rows.map((row) => row.textContent)).toEqual([
      'TitlePracticeDateTypeSizeActions',
      'Visit summaryRiverside Family MedicineFeb 1, 2025Care summary (C-CDA)20 KBDownload Visit summary, Feb 1, 2025',
      'Lab resultsRiverside Family MedicineMar 4, 2025PDF document1.5 MBDownload Lab results, Mar 4, 2025',
    ]);
  });

  it('filters the documents by date range on the server', async () => {
    // Prepare
    const sent: string[] = [];
    fakeApi({
      'POST /api/auth/refresh': signedIn(),
      'GET /api/me': ok(patientMe),
      'GET /api/me/documents': (request) => {
        sent.push(request.query.toString());
        return ok(page(request.query.has('from') ? [] : [documentSummary()]));
      },
    });
    const { user } = renderPortal();
    await screen.findByRole('table', { name: 'Your records, newest first' });

    // Act
    await user.type(screen.getByLabelText('From'), '2026-01-01');

    // Assess
    expect(await screen.findByText('No records match these filters.')).toBeInTheDocument();
    expect(sent.at(-1)).toBe('from=2026-01-01&limit=25');
    expect(screen.queryByText('No records yet. Records appear here as soon as your practice uploads them.')).not.toBeInTheDocument();
  });

  it('links another practice with its invitation code and the date of birth', async () => {
    // Prepare
    let links = patientMe.links;
    const api = fakeApi({
      'POST /api/auth/refresh': signedIn(),
      'GET /api/me': () => ok({ ...patientMe, links }),
      'GET /api/me/documents': ok(page([])),
      'POST /api/me/links': () => {
        const link = { practiceId: 'prac-2', practiceName: 'Hillside Clinic', patientId: 'pat-7', linkedAt: '2025-04-01T08:00:00Z' };
        links = [...links, link];
        return ok(link, 201);
      },
    });
    const { user } = renderPortal();
    const form = await screen.findByRole('region', { name: 'Link another practice' });

    // Act
    await user.type(within(form).getByLabelText('Invitation code'), 'wxyz-0123-4567');
    await user.type(within(form).getByLabelText('Date of birth'), '1984-03-27');
    await user.click(within(form).getByRole('button', { name: 'Link practice' }));

    // Assess
    expect(await within(form).findByRole('status')).toHaveTextContent("You're now linked to Hillside Clinic.");
    expect(await within(screen.getByRole('region', { name: 'Your practices' })).findByText('Hillside Clinic')).toBeInTheDocument();
    expect(api.calls('POST /api/me/links')[0]?.body).toEqual({ invitationCode: 'WXYZ01234567', birthDate: '1984-03-27' });
    expect(within(form).getByLabelText('Invitation code')).toHaveValue('');
  });
});
