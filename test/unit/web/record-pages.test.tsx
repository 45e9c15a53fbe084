// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DATA_CLASSES, type Me, type RecordItemView } from '../../../web/src/domain';
import { documentSummary, fakeApi, ok, page, patientMe, renderPortal, signedIn, staffMe, type FakeHandler } from './portal-harness';

const me: Me = {
  ...patientMe,
  links: [
    ...patientMe.links,
    { practiceId: 'prac-2', practiceName: 'Hillside Clinic', patientId: 'pat-7', linkedAt: '2025-04-01T08:00:00Z' },
  ],
};

const loinc = (code: string, display: string) => ({ coding: [{ system: 'http://loinc.org', code, display }] });

function lab(key: string, date: string, value: number, overrides: Partial<RecordItemView> = {}, resource: Record<string, unknown> = {}): RecordItemView {
  return {
    practiceId: 'prac-1',
    practiceName: 'Riverside Family Medicine',
    dataClass: 'lab-results',
    itemKey: key,
    date,
    resource: {
      resourceType: 'Observation',
      status: 'final',
      code: loinc('4548-4', 'Hemoglobin A1c'),
      effectiveDateTime: date,
      valueQuantity: { value, unit: '%' },
      referenceRange: [{ low: { value: 4, unit: '%' }, high: { value: 5.6, unit: '%' } }],
      ...resource,
    },
    sources: ['doc-1'],
    ...overrides,
  };
}

function routes(extra: Record<string, FakeHandler> = {}): Record<string, FakeHandler> {
  return {
    'POST /api/auth/refresh': signedIn(),
    'GET /api/me': ok(me),
    'GET /api/me/documents': ok(page([documentSummary({ documentId: 'doc-1', title: 'Health record from Riverside' })])),
    ...extra,
  };
}

describe('a record class page', () => {
  it('lists readable rows with value, flag, range, date, practice and source document', async () => {
    // Prepare
    fakeApi(
      routes({
        'GET /api/me/record/lab-results': ok(
          page([
            lab('a1c-2', '2026-03-01', 6.4, {}, { status: 'corrected', interpretation: [{ coding: [{ code: 'H' }] }] }),
            lab('a1c-1', '2025-09-01', 5.2, { practiceId: 'prac-2', practiceName: 'Hillside Clinic' }),
          ]),
        ),
      }),
    );

    // Act
    renderPortal({ path: '/record/lab-results' });

    // Assess
    const list = await screen.findByRole('list', { name: 'Lab results' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByRole('heading', { level: 3, name: 'Hemoglobin A1c' })).toBeInTheDocument();
    expect(rows[0]).toHaveTextContent('6.4%');
    expect(rows[0]).toHaveTextContent('High');
    expect(rows[0]).toHaveTextContent('Corrected result');
    expect(rows[0]).toHaveTextContent('Normal range4–5.6%');
    expect(rows[0]).toHaveTextContent('Mar 1, 2026');
    expect(rows[0]).toHaveTextContent('Riverside Family Medicine');
    expect(await within(rows[0]!).findByText('Source: Health record from Riverside')).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent('Hillside Clinic');
    expect(rows[1]).not.toHaveTextContent('High');
    expect(screen.getByRole('heading', { level: 1, name: 'Lab results' })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toMatch(/^Lab results – /));
    const nav = screen.getByRole('navigation', { name: 'Your record' });
    expect(within(nav).getByRole('link', { name: 'Lab results' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('link', { name: 'Health problems' })).not.toHaveAttribute('aria-current');
  });

  it('asks the server for one practice and a date range, and says when nothing matches', async () => {
    // Prepare: a fake server that applies the filters it is sent
    const problems = [
      { ...lab('p1', '2026-02-01', 1), dataClass: 'problems', resource: { resourceType: 'Condition', code: { text: 'Asthma' }, onsetDateTime: '2026-02-01' } },
      {
        ...lab('p2', '2025-06-01', 1, { practiceId: 'prac-2', practiceName: 'Hillside Clinic' }),
        dataClass: 'problems',
        resource: { resourceType: 'Condition', code: { text: 'Migraine' }, onsetDateTime: '2025-06-01' },
      },
      { ...lab('p3', '2024-01-15', 1), dataClass: 'problems', resource: { resourceType: 'Condition', code: { text: 'Sprained ankle' }, onsetDateTime: '2024-01-15' } },
    ];
    const queries: string[] = [];
    fakeApi(
      routes({
        'GET /api/me/record/problems': (request) => {
          queries.push(request.query.toString());
          const practiceId = request.query.get('practiceId');
          const from = request.query.get('from') ?? '0000';
          const to = request.query.get('to') ?? '9999';
          return ok(page(problems.filter((p) => (!practiceId || p.practiceId === practiceId) && (p.date ?? "") >= from && (p.date ?? "") <= to)));
        },
      }),
    );
    const { user } = renderPortal({ path: '/record/problems' });
    const headings = async (expected: string[]) =>
      waitFor(() => expect(within(screen.getByRole('list', { name: 'Health problems' })).getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(expected));
    await headings(['Asthma', 'Migraine', 'Sprained ankle']);
    expect(screen.getByText('Showing 3 health problems')).toBeInTheDocument();

    // Act: one practice
    await user.selectOptions(screen.getByLabelText('Practice'), 'Hillside Clinic');

    // Assess
    await headings(['Migraine']);
    expect(queries.at(-1)).toBe('practiceId=prac-2&limit=25');
    expect(screen.getByText('Showing 1 health problem')).toBeInTheDocument();

    // Act: every practice, in 2025
    await user.selectOptions(screen.getByLabelText('Practice'), 'All practices');
    await user.type(screen.getByLabelText('From'), '2025-01-01');
    await user.type(screen.getByLabelText('To'), '2025-12-31');

    // Assess
    await headings(['Migraine']);
    expect(queries.at(-1)).toBe('from=2025-01-01&to=2025-12-31&limit=25');

    // Act: a range that ends before it starts is not sent; the filters say what is wrong
    await user.clear(screen.getByLabelText('From'));
    const sent = queries.length;
    await user.type(screen.getByLabelText('From'), '2026-01-01');
    expect(screen.getByText('The "From" date is after the "To" date.')).toBeInTheDocument();
    expect(queries).toHaveLength(sent);

    // Act: a range with nothing in it
    await user.clear(screen.getByLabelText('To'));
    await user.type(screen.getByLabelText('To'), '2026-01-31');
    expect(await screen.findByText('No health problems match these filters.')).toBeInTheDocument();

    // Act: clear
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await headings(['Asthma', 'Migraine', 'Sprained ankle']);
  });

  it('loads more with the cursor', async () => {
    // Prepare
    const api = fakeApi(
      routes({
        'GET /api/me/record/medications': (request) =>
          request.query.get('cursor') === 'next-1'
            ? ok(page([{ ...lab('m2', '2025-01-01', 1), dataClass: 'medications', resource: { resourceType: 'MedicationRequest', status: 'stopped', medicationCodeableConcept: { text: 'Amoxicillin' } } }]))
            : ok(
                page(
                  [{ ...lab('m1', '2026-01-01', 1), dataClass: 'medications', resource: { resourceType: 'MedicationRequest', status: 'active', medicationCodeableConcept: { text: 'Metformin' }, dosageInstruction: [{ text: 'Twice a day' }] } }],
                  'next-1',
                ),
              ),
      }),
    );
    const { user } = renderPortal({ path: '/record/medications' });
    const list = await screen.findByRole('list', { name: 'Medications' });
    expect(list).toHaveTextContent('Twice a day');

    // Act
    await user.click(screen.getByRole('button', { name: 'Load more medications' }));

    // Assess
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    expect(within(list).getAllByRole('listitem')[1]).toHaveTextContent('Stopped');
    expect(api.calls('GET /api/me/record/medications').map((r) => r.query.get('cursor')).at(-1)).toBe('next-1');
    expect(screen.queryByRole('button', { name: 'Load more medications' })).not.toBeInTheDocument();
    expect(screen.getByText('Showing 2 medications')).toBeInTheDocument();
  });

  it('says plainly when a class is empty, and that an unknown class is not a page', async () => {
    fakeApi(routes({ 'GET /api/me/record/immunizations': ok(page([])) }));
    const { router } = renderPortal({ path: '/record/immunizations' });
    expect(await screen.findByText(/^No immunizations yet\./)).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Immunizations' })).not.toBeInTheDocument();

    await router.navigate('/record/secrets');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
  });

  it('shows the API error with a retry', async () => {
    fakeApi(routes({ 'GET /api/me/record/allergies': { status: 500, body: { error: { code: 'internal', message: 'Something went wrong.', requestId: 'req-9' } } } }));
    renderPortal({ path: '/record/allergies' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("We couldn't load your allergies");
    expect(alert).toHaveTextContent('req-9');
  });

  it('is for patients only', async () => {
    fakeApi({ 'POST /api/auth/refresh': signedIn(), 'GET /api/me': ok(staffMe) });
    renderPortal({ path: '/record' });
    expect(await screen.findByRole('heading', { level: 1, name: "This page isn't available to you" })).toBeInTheDocument();
  });
});

describe('the record summary', () => {
  it('shows a card per class with the first items, a "See all" link and empty states', async () => {
    // Prepare
    const handlers: Record<string, FakeHandler> = {};
    for (const dataClass of DATA_CLASSES) handlers[`GET /api/me/record/${dataClass}`] = ok(page([]));
    handlers['GET /api/me/record/lab-results'] = ok(page([lab('a', '2026-03-01', 6.4), lab('b', '2025-09-01', 5.2)]));
    handlers['GET /api/me/record/problems'] = ok(
      page([{ ...lab('p', '2026-01-01', 1), dataClass: 'problems', resource: { resourceType: 'Condition', code: { text: 'Asthma' } } }], 'more'),
    );
    const api = fakeApi(routes(handlers));

    // Act
    renderPortal({ path: '/record' });

    // Assess
    const labs = await screen.findByRole('region', { name: 'Lab results' });
    expect(await within(labs).findByRole('link', { name: 'See all 2 lab results' })).toHaveAttribute('href', '/record/lab-results');
    expect(labs).toHaveTextContent('Hemoglobin A1c');
    const problems = screen.getByRole('region', { name: 'Health problems' });
    expect(within(problems).getByRole('link', { name: 'See all health problems' })).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Visits' })).getByText('No visits yet')).toBeInTheDocument();
    // one card per class, and the "Download your record" panel below them
    expect(screen.getAllByRole('heading', { level: 2 }).filter((h) => h.textContent !== 'Download your record')).toHaveLength(DATA_CLASSES.length);
    const recordRequests = api.requests.filter((r) => r.path.startsWith('/api/me/record/'));
    expect(new Set(recordRequests.map((r) => r.path)).size).toBe(DATA_CLASSES.length);
    expect(recordRequests.every((r) => !r.query.has('cursor'))).toBe(true);
  });

  it('is linked from the patient home', async () => {
    fakeApi(routes({ 'GET /api/me/documents': ok(page([])) }));
    renderPortal();
    expect(await screen.findByRole('link', { name: 'Open your health record' })).toHaveAttribute('href', '/record');
  });
});

describe('the timeline', () => {
  it('merges the classes by date, grouped by month, with class and practice', async () => {
    const handlers: Record<string, FakeHandler> = {};
    for (const dataClass of DATA_CLASSES) handlers[`GET /api/me/record/${dataClass}`] = ok(page([]));
    handlers['GET /api/me/record/lab-results'] = ok(page([lab('a', '2026-03-01', 6.4), lab('b', '2025-09-01', 5.2)]));
    handlers['GET /api/me/record/immunizations'] = ok(
      page([{ ...lab('i', '2026-03-15', 1), dataClass: 'immunizations', resource: { resourceType: 'Immunization', vaccineCode: { text: 'Flu shot' } } }]),
    );
    fakeApi(routes(handlers));
    renderPortal({ path: '/record/timeline' });

    const march = await screen.findByRole('region', { name: 'March 2026' });
    const entries = within(march).getAllByRole('listitem');
    expect(entries.map((e) => e.textContent)).toEqual([
      'Mar 15, 2026ImmunizationsFlu shotRiverside Family Medicine',
      'Mar 1, 2026Lab resultsHemoglobin A1c6.4%Riverside Family Medicine',
    ]);
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual(['March 2026', 'September 2025']);
  });
});
