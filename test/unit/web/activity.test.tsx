// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ActivityEventView, ChainVerification, DisclosureView } from '../../../web/src/domain';
import { apiError, fakeApi, ok, page, patientMe, renderPortal, signedIn, type FakeHandler } from './portal-harness';

function event(overrides: Partial<ActivityEventView> = {}): ActivityEventView {
  return {
    eventId: 'ev-1',
    at: '2026-03-04T14:03:12.000Z',
    action: 'record.read',
    kind: 'view',
    summary: 'Viewed your lab results',
    outcome: 'success',
    who: 'You',
    chain: 'PATIENT#pat-1',
    seq: 1,
    hash: 'a'.repeat(64),
    ...overrides,
  };
}

const EVENTS: ActivityEventView[] = [
  event({
    eventId: 'ev-3',
    at: '2026-03-05T09:30:00.000Z',
    action: 'transmission.create',
    kind: 'transmission',
    summary: 'Sent a copy of your records',
    detail: 'To Dr. Jane Okafor, Lakeside Cardiology',
    practiceName: 'Riverside Family Medicine',
  }),
  event({
    eventId: 'ev-2',
    at: '2026-03-04T20:00:00.000Z',
    action: 'document.download',
    kind: 'download',
    summary: 'Downloaded a document — refused',
    outcome: 'denied',
    who: 'staff@hillside.example, Hillside Clinic',
    practiceName: 'Hillside Clinic',
  }),
  event({ eventId: 'ev-1', action: 'audit.read', summary: 'audit.read', chain: 'ACCOUNT#acc-patient-1' }),
];

const DIGEST = '3f9a1c2b7d4e'.padEnd(64, '0');

function chain(overrides: Partial<ChainVerification> = {}): ChainVerification {
  return {
    chain: 'PATIENT#pat-1',
    label: 'Your record at Riverside Family Medicine',
    events: 12,
    ok: true,
    problems: [],
    head: { seq: 12, hash: 'c'.repeat(64) },
    anchor: { period: '2026-03-04T14', seq: 12, hash: 'c'.repeat(64), digestKey: 'digests/2026/03/04/14.json', digestSha256: DIGEST, publishedAt: '2026-03-04T15:00:05Z', matches: true },
    ...overrides,
  };
}

const LINK = { url: 'http://storage.test/exports/file?X-Amz-Signature=abc', expiresAt: '2099-01-01T00:00:00Z', contentType: 'application/json', size: 2048, sha256: 'd'.repeat(64) };

const DISCLOSURE: DisclosureView = {
  at: '2026-02-10T16:45:00.000Z',
  practiceName: 'Riverside Family Medicine',
  recipient: { name: 'Dr. Jane Okafor', organisation: 'Lakeside Cardiology', address: 'jane.okafor@lakeside.example' },
  description: 'Lab results, allergies, as Readable PDF',
  purpose: 'Second opinion',
  transmissionId: 'tx-1',
};

function routes(extra: Record<string, FakeHandler> = {}): Record<string, FakeHandler> {
  return {
    'POST /api/auth/refresh': signedIn(),
    'GET /api/me': ok(patientMe),
    'GET /api/me/activity': ok(page(EVENTS)),
    ...extra,
  };
}

const followLinks = () => vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {});

describe('who saw my records', () => {
  it('lists the history newest first: when, what, who, details, and a refused marker in words', async () => {
    // Prepare
    const api = fakeApi(routes());

    // Act
    renderPortal({ path: '/activity' });

    // Assess
    const table = await screen.findByRole('table', { name: 'Your history, newest first' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[0]!).getByRole('rowheader')).toHaveTextContent('Sent a copy of your records');
    expect(rows[0]).toHaveTextContent('To Dr. Jane Okafor, Lakeside Cardiology');
    expect(rows[0]).toHaveTextContent('Riverside Family Medicine');
    const sentAt = within(rows[0]!).getByText((_, el) => el?.tagName === 'TIME');
    expect(sentAt).toHaveAttribute('dateTime', '2026-03-05T09:30:00.000Z');
    expect(sentAt).toHaveAttribute('title', '2026-03-05 09:30:00 UTC');
    // Refused: the word in a badge, and the server's " — refused" not repeated in the summary
    const refused = within(rows[1]!).getByRole('rowheader');
    expect(refused).toHaveTextContent(/^Downloaded a document/);
    expect(refused).not.toHaveTextContent('— refused');
    expect(within(refused).getByText('Refused')).toHaveClass('badge');
    expect(within(rows[1]!).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      expect.stringContaining('2026'),
      'staff@hillside.example, Hillside Clinic',
      'Hillside Clinic',
      '—None',
    ]);
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['When', 'What happened', 'Who', 'Practice', 'Details']);
    // An action the server has no words for still reads as a sentence
    expect(within(rows[2]!).getByRole('rowheader')).toHaveTextContent('Looked at this activity history');
    expect(screen.getByText(/^Times are in your time zone/)).toBeInTheDocument();
    expect(screen.getByText('Showing 3 events')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Who saw your records' })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toMatch(/^Who saw your records – /));
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Activity' })).toHaveAttribute('aria-current', 'page');
    // (StrictMode may cancel and repeat the first request; every one asks for the same page.)
    expect(new Set(api.calls('GET /api/me/activity').map((r) => r.query.toString()))).toEqual(new Set(['limit=25']));
  });

  it('sends the kind and the dates to the server, refuses a backwards range and clears', async () => {
    // Prepare
    const api = fakeApi(
      routes({
        'GET /api/me/activity': (request) => {
          const kind = request.query.get('kind');
          return ok(page(EVENTS.filter((e) => !kind || e.kind === kind)));
        },
      }),
    );
    const { user } = renderPortal({ path: '/activity' });
    await screen.findByRole('table', { name: 'Your history, newest first' });
    const queries = () => api.calls('GET /api/me/activity').map((r) => r.query.toString());

    // Act: one kind
    await user.selectOptions(screen.getByLabelText('What happened'), 'Downloads');

    // Assess: a kind filter asks for larger pages (the server filters after reading a page)
    await waitFor(() => expect(queries().at(-1)).toBe('kind=download&limit=100'));
    const table = await screen.findByRole('table', { name: 'Matching events, newest first' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
    expect(screen.getByRole('heading', { level: 2, name: 'Matching events' })).toBeInTheDocument();
    expect(Array.from((screen.getByLabelText('What happened') as HTMLSelectElement).options).map((o) => o.text)).toEqual([
      'Everything',
      'Views',
      'Downloads',
      'Uploads',
      'Copies sent',
      'Corrections',
      'Sign-ins',
      'Account changes',
    ]);

    // Act: a date range
    await user.type(screen.getByLabelText('From'), '2026-03-01');
    await user.type(screen.getByLabelText('To'), '2026-03-31');

    // Assess
    await waitFor(() => expect(queries().at(-1)).toBe('from=2026-03-01&to=2026-03-31&kind=download&limit=100'));

    // Act: a range that ends before it starts is not sent
    const sent = queries().length;
    await user.clear(screen.getByLabelText('To'));
    await user.type(screen.getByLabelText('To'), '2026-02-01');

    // Assess
    expect(screen.getByText('The "From" date is after the "To" date.')).toBeInTheDocument();
    expect(screen.getByLabelText('From')).toHaveAttribute('aria-invalid', 'true');
    expect(queries().filter((q) => q.includes('to=2026-02-01'))).toEqual([]);
    expect(queries().length).toBeGreaterThanOrEqual(sent);

    // Act: clear
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));

    // Assess: the unfiltered history again (from the cache, fetched anew in the background or not)
    const all = await screen.findByRole('table', { name: 'Your history, newest first' });
    await waitFor(() => expect(within(all).getAllByRole('row')).toHaveLength(4));
    expect(screen.queryByRole('button', { name: 'Clear filters' })).not.toBeInTheDocument();
    expect(screen.getByLabelText('From')).toHaveValue('');
  });

  it('keeps offering "Load more" while a filtered page comes back short or empty with a cursor', async () => {
    // Prepare: the newest page has no sign-ins; the next one has one
    const signIn = event({ eventId: 'ev-9', action: 'auth.sign-in', kind: 'sign-in', summary: 'Signed in', chain: 'ACCOUNT#acc-patient-1' });
    const api = fakeApi(
      routes({
        'GET /api/me/activity': (request) => {
          if (!request.query.get('kind')) return ok(page(EVENTS));
          return request.query.get('cursor') === 'c2' ? ok(page([signIn])) : ok(page([], 'c2'));
        },
      }),
    );
    const { user } = renderPortal({ path: '/activity' });
    await screen.findByRole('table');

    // Act
    await user.selectOptions(screen.getByLabelText('What happened'), 'Sign-ins');

    // Assess
    expect(await screen.findByText('None of the most recent events match. Load more to look further back.')).toBeInTheDocument();
    expect(screen.getByText('Showing 0 events')).toBeInTheDocument();

    // Act
    await user.click(screen.getByRole('button', { name: 'Load more events' }));

    // Assess
    const table = await screen.findByRole('table', { name: 'Matching events, newest first' });
    expect(within(table).getByRole('rowheader')).toHaveTextContent('Signed in');
    expect(api.calls('GET /api/me/activity').at(-1)!.query.toString()).toBe('kind=sign-in&limit=100&cursor=c2');
    expect(screen.queryByRole('button', { name: 'Load more events' })).not.toBeInTheDocument();
  });

  it('says when nothing has happened yet', async () => {
    fakeApi(routes({ 'GET /api/me/activity': ok(page([])) }));

    renderPortal({ path: '/activity' });

    expect(await screen.findByText('Nothing has happened with your records yet.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more events' })).not.toBeInTheDocument();
  });

  it('checks that the history is complete: unbroken chains, the digest that fixes them, and one not yet in a digest', async () => {
    // Prepare
    let answer!: () => void;
    const api = fakeApi(
      routes({
        'GET /api/me/activity/verify': () =>
          new Promise((resolve) =>
            (answer = () =>
              resolve(
                ok({
                  ok: true,
                  checkedAt: '2026-03-05T10:00:00Z',
                  chains: [chain(), chain({ chain: 'ACCOUNT#acc-patient-1', label: 'Your account', events: 1, head: { seq: 1, hash: 'e'.repeat(64) }, anchor: undefined })],
                }),
              )),
          ),
      }),
    );
    const { user } = renderPortal({ path: '/activity' });
    const panel = await screen.findByRole('region', { name: 'Check that this history is complete' });

    // Act
    await user.click(within(panel).getByRole('button', { name: 'Check now' }));

    // Assess
    expect(await within(panel).findByRole('button', { name: 'Checking…' })).toHaveAttribute('aria-busy', 'true');
    answer();
    expect(await within(panel).findByRole('status')).toHaveTextContent('Your history is complete.');
    const chains = within(panel).getAllByRole('listitem');
    expect(chains[0]).toHaveTextContent('Your record at Riverside Family Medicine: 12 events, unbroken');
    expect(chains[0]).toHaveTextContent('Fixed by the published digest of Mar 4, 2026, 14:00 to 15:00 UTC.');
    expect(chains[0]).toHaveTextContent('Digest SHA-256 3f9a1c2b7d4e…');
    const details = chains[0]!.querySelector('details')!;
    expect(details.open).toBe(false);
    await user.click(within(details).getByText(/Digest SHA-256/));
    expect(details.open).toBe(true);
    expect(within(details).getByText(DIGEST)).toBeVisible();
    expect(chains[1]).toHaveTextContent('Your account: 1 event, unbroken');
    expect(chains[1]).toHaveTextContent('Not yet in a published digest. Digests are published every hour.');
    expect(within(panel).getByRole('button', { name: 'Check again' })).toBeInTheDocument();
    expect(api.calls('GET /api/me/activity/verify')).toHaveLength(1);
  });

  it('says in plain words what is wrong with a chain that does not check out', async () => {
    // Prepare
    fakeApi(
      routes({
        'GET /api/me/activity/verify': ok({
          ok: false,
          checkedAt: '2026-03-05T10:00:00Z',
          chains: [
            chain({
              ok: false,
              events: 11,
              problems: [
                { kind: 'changed', seq: 3 },
                { kind: 'missing', seq: 5 },
                { kind: 'broken-link', seq: 6 },
              ],
              anchor: { ...chain().anchor!, seq: 10, matches: false },
            }),
            chain({ chain: 'ACCOUNT#acc-patient-1', label: 'Your account', events: 4, anchor: { ...chain().anchor!, seq: 2 }, head: { seq: 4, hash: 'f'.repeat(64) } }),
          ],
        }),
      }),
    );
    const { user } = renderPortal({ path: '/activity' });
    const panel = await screen.findByRole('region', { name: 'Check that this history is complete' });

    // Act
    await user.click(within(panel).getByRole('button', { name: 'Check now' }));

    // Assess
    expect(await within(panel).findByRole('alert')).toHaveTextContent('We found problems in your history');
    const record = within(panel).getByText('Your record at Riverside Family Medicine').closest('li')!;
    expect(record).toHaveTextContent('Your record at Riverside Family Medicine: 11 events');
    expect(within(record).getByText('Problems found')).toHaveClass('badge');
    expect(record).not.toHaveTextContent('unbroken');
    expect(within(record).getByText('Event #3 was changed after it was recorded.')).toBeInTheDocument();
    expect(within(record).getByText('Event #5 is missing.')).toBeInTheDocument();
    expect(within(record).getByText(/^Event #6 does not follow on from the event before it/)).toBeInTheDocument();
    expect(record).toHaveTextContent('Does not match the published digest of Mar 4, 2026, 14:00 to 15:00 UTC: event #10 is no longer what the digest recorded.');
    const account = within(panel).getByText('Your account').closest('li')!;
    expect(account).toHaveTextContent('4 events, unbroken');
    expect(account).toHaveTextContent('(up to event #2; later events go into the next hourly digest).');
  });

  it('says when the check could not run', async () => {
    fakeApi(routes({ 'GET /api/me/activity/verify': apiError(503, 'unavailable', 'The service is busy. Try again in a minute.', { requestId: 'req-7' }) }));
    const { user } = renderPortal({ path: '/activity' });
    const panel = await screen.findByRole('region', { name: 'Check that this history is complete' });

    await user.click(within(panel).getByRole('button', { name: 'Check now' }));

    const alert = await within(panel).findByRole('alert');
    expect(alert).toHaveTextContent("We couldn't check your history");
    expect(alert).toHaveTextContent('The service is busy. Try again in a minute.');
  });

  it('downloads the history as JSON by following the short-lived link', async () => {
    // Prepare
    const followed = followLinks();
    const api = fakeApi(routes({ 'POST /api/me/activity/export': ok({ ...LINK, filename: 'activity-2026-03-05.json' }, 201) }));
    const { user } = renderPortal({ path: '/activity' });
    const panel = await screen.findByRole('region', { name: 'Check that this history is complete' });

    // Act
    await user.click(within(panel).getByRole('button', { name: 'Download the history (JSON)' }));

    // Assess
    expect(await within(panel).findByRole('status')).toHaveTextContent('Your file (activity-2026-03-05.json, 2 KB) is downloading.');
    expect(api.calls('POST /api/me/activity/export')).toHaveLength(1);
    expect(followed).toHaveBeenCalledTimes(1);
    expect(followed.mock.contexts[0]).toHaveProperty('href', LINK.url);
    expect(document.querySelector('a[href*="X-Amz-Signature"]')).toBeNull();
    expect(panel).toHaveTextContent('check it offline');
  });
});

describe('the accounting of disclosures', () => {
  it('lists disclosures of the last six years and downloads them as CSV or PDF', async () => {
    // Prepare
    const followed = followLinks();
    const api = fakeApi(
      routes({
        'GET /api/me/disclosures': ok({ since: '2020-03-05T10:00:00Z', items: [DISCLOSURE] }),
        'POST /api/me/disclosures/export': (request) => {
          const { format } = request.body as { format: string };
          return ok({ ...LINK, filename: `accounting-of-disclosures-2026-03-05.${format}`, contentType: format === 'csv' ? 'text/csv' : 'application/pdf' }, 201);
        },
      }),
    );
    const { user } = renderPortal({ path: '/activity' });
    await screen.findByRole('table');

    // Act: the tab
    await user.click(screen.getByRole('link', { name: 'Accounting of disclosures' }));

    // Assess
    const table = await screen.findByRole('table', { name: 'Disclosures of your records, newest first' });
    await waitFor(() => expect(document.title).toMatch(/^Accounting of disclosures – /));
    expect(screen.getByRole('link', { name: 'Accounting of disclosures' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByText(/since Mar 5, 2020/)).toBeInTheDocument();
    const row = within(table).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent('Riverside Family Medicine');
    expect(within(row).getByRole('rowheader')).toHaveTextContent('Dr. Jane OkaforLakeside Cardiologyjane.okafor@lakeside.example');
    expect(row).toHaveTextContent('Lab results, allergies, as Readable PDF');
    expect(row).toHaveTextContent('Second opinion');
    expect(within(row).getByRole('link', { name: 'See this copy sent to Dr. Jane Okafor' })).toHaveAttribute('href', '/transmissions/tx-1');

    // Act
    await user.click(screen.getByRole('button', { name: 'Download as CSV' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Your file (accounting-of-disclosures-2026-03-05.csv, 2 KB) is downloading.');
    await user.click(screen.getByRole('button', { name: 'Download as PDF' }));

    // Assess
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('accounting-of-disclosures-2026-03-05.pdf'));
    expect(api.calls('POST /api/me/disclosures/export').map((r) => r.body)).toEqual([{ format: 'csv' }, { format: 'pdf' }]);
    expect(followed).toHaveBeenCalledTimes(2);
  });

  it('says when there have been none', async () => {
    fakeApi(routes({ 'GET /api/me/disclosures': ok({ since: '2020-03-05T10:00:00Z', items: [] }) }));

    renderPortal({ path: '/activity/disclosures' });

    expect(await screen.findByText('No disclosures in the last six years.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Download as CSV' })).not.toBeInTheDocument();
  });

  it('says why a download could not be made', async () => {
    followLinks();
    fakeApi(
      routes({
        'GET /api/me/disclosures': ok({ since: '2020-03-05T10:00:00Z', items: [DISCLOSURE] }),
        'POST /api/me/disclosures/export': apiError(500, 'internal', 'Something went wrong on our side.'),
      }),
    );
    const { user } = renderPortal({ path: '/activity/disclosures' });

    await user.click(await screen.findByRole('button', { name: 'Download as PDF' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("We couldn't prepare your file");
    expect(alert).toHaveTextContent('Something went wrong on our side.');
  });
});

describe('the way in', () => {
  it('is linked from the patient home page', async () => {
    fakeApi(routes({ 'GET /api/me/documents': ok(page([])) }));

    renderPortal({ path: '/' });

    const card = await screen.findByRole('region', { name: 'Who saw your records' });
    expect(within(card).getByRole('link', { name: 'See who saw your records' })).toHaveAttribute('href', '/activity');
    expect(within(card).getByRole('link', { name: 'Accounting of disclosures' })).toHaveAttribute('href', '/activity/disclosures');
  });
});
