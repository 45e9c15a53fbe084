// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CorrectionView, Me, RecordItemView } from '../../../web/src/domain';
import { apiError, documentSummary, fakeApi, ok, page, patientMe, renderPortal, signedIn, staffMe, type FakeHandler } from './portal-harness';

const ITEM_KEY = '0123456789abcdef0123456789abcdef';
const OTHER_KEY = 'fedcba9876543210fedcba9876543210';
const REQUEST_ID = 'cr-00mfq2x1c-0123456789abcdef';

function a1c(overrides: Partial<RecordItemView> = {}): RecordItemView {
  return {
    practiceId: 'prac-1',
    practiceName: 'Riverside Family Medicine',
    dataClass: 'lab-results',
    itemKey: ITEM_KEY,
    date: '2026-03-01',
    resource: {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'Hemoglobin A1c' }] },
      effectiveDateTime: '2026-03-01',
      valueQuantity: { value: 9.4, unit: '%' },
    },
    sources: [],
    ...overrides,
  };
}

function correction(overrides: Partial<CorrectionView> = {}): CorrectionView {
  return {
    requestId: REQUEST_ID,
    practiceId: 'prac-1',
    practiceName: 'Riverside Family Medicine',
    patientId: 'pat-1',
    target: { kind: 'item', dataClass: 'lab-results', itemKey: ITEM_KEY },
    targetLabel: 'Hemoglobin A1c, 2026-03-01',
    whatIsWrong: 'The value is 9.4%.',
    shouldSay: 'It should say 6.4%.',
    reason: 'The lab report I was given says 6.4%.',
    notify: [],
    status: 'submitted',
    receivedAt: '2026-03-31T10:00:00.000Z',
    dueAt: '2026-05-30T10:00:00.000Z',
    overdue: false,
    ...overrides,
  };
}

const LETTER = [
  'On March 31, 2026 you asked Riverside Family Medicine to correct your record (Hemoglobin A1c, 2026-03-01). On April 20, 2026 we denied your request.',
  'Why: We have reviewed the information and it is accurate and complete.',
  'The analyser was recalibrated before your test.',
  'You may file a written statement disagreeing with this denial and saying why.',
];

const denied = (overrides: Partial<CorrectionView> = {}) =>
  correction({
    status: 'denied',
    decision: {
      outcome: 'denied',
      at: '2026-04-20T09:00:00.000Z',
      ground: 'accurate-and-complete',
      groundText: 'We have reviewed the information and it is accurate and complete.',
      explanation: 'The analyser was recalibrated before your test.',
      letter: LETTER,
    },
    ...overrides,
  });

const accepted = (overrides: Partial<CorrectionView> = {}) =>
  correction({
    status: 'accepted',
    decision: { outcome: 'accepted', at: '2026-04-10T09:00:00.000Z', amendment: 'The result is 6.4%, not 9.4%.', notifiedCount: 1 },
    ...overrides,
  });

function routes(extra: Record<string, FakeHandler> = {}, me: Me = patientMe): Record<string, FakeHandler> {
  return {
    'POST /api/auth/refresh': signedIn(),
    'GET /api/me': ok(me),
    'GET /api/me/documents': ok(page([documentSummary()])),
    'GET /api/me/corrections': ok(page([])),
    ...extra,
  };
}

const detail = `GET /api/me/corrections/${REQUEST_ID}`;

describe('asking for a correction', () => {
  it('from a record item: shows the item, sends the body the API expects, and confirms by when the practice must answer', async () => {
    // Prepare
    const api = fakeApi(
      routes({
        'GET /api/me/record/lab-results': ok(page([a1c()])),
        'POST /api/me/corrections': ok(correction({ notify: [{ name: 'Dr Lee', organisation: 'Hillside Clinic', email: 'lee@hillside.example' }] }), 201),
      }),
    );
    const { user, router } = renderPortal({ path: '/record/lab-results' });
    const list = await screen.findByRole('list', { name: 'Lab results' });

    // Act: the row's link, then the form
    await user.click(within(list).getByRole('link', { name: 'Request a correction to Hemoglobin A1c, Mar 1, 2026' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Ask for a correction' })).toBeInTheDocument();
    // only opaque ids travel in the URL
    expect(`${router.state.location.pathname}${router.state.location.search}`).toBe(`/corrections/new?practice=prac-1&class=lab-results&item=${ITEM_KEY}`);
    const about = screen.getByRole('list', { name: 'The lab result your request is about' });
    expect(within(about).getByRole('heading', { level: 3, name: 'Hemoglobin A1c' })).toBeInTheDocument();
    expect(about).toHaveTextContent('9.4%');
    expect(about).toHaveTextContent('Riverside Family Medicine');
    await user.type(screen.getByLabelText('What is wrong'), '  The value is 9.4%.  ');
    expect(screen.getByText('You have 1,978 characters remaining')).toBeInTheDocument();
    await user.type(screen.getByLabelText('What should it say'), 'It should say 6.4%.');
    await user.type(screen.getByLabelText('Why'), 'The lab report I was given says 6.4%.');
    await user.click(screen.getByRole('button', { name: 'Add a person or organisation' }));
    expect(screen.getByLabelText('Name')).toHaveFocus();
    await user.type(screen.getByLabelText('Name'), 'Dr Lee');
    await user.type(screen.getByLabelText('Organisation (optional)'), 'Hillside Clinic');
    await user.type(screen.getByLabelText('E-mail address'), 'Lee@Hillside.example');
    // a second row left empty is not sent
    await user.click(screen.getByRole('button', { name: 'Add another' }));
    await user.click(screen.getByRole('button', { name: 'Send request' }));

    // Assess
    await waitFor(() => expect(router.state.location.pathname).toBe(`/corrections/${REQUEST_ID}`));
    expect(api.calls('POST /api/me/corrections').map((r) => r.body)).toEqual([
      {
        target: { kind: 'item', practiceId: 'prac-1', dataClass: 'lab-results', itemKey: ITEM_KEY },
        whatIsWrong: 'The value is 9.4%.',
        shouldSay: 'It should say 6.4%.',
        reason: 'The lab report I was given says 6.4%.',
        notify: [{ name: 'Dr Lee', organisation: 'Hillside Clinic', email: 'lee@hillside.example' }],
      },
    ]);
    const notice = await screen.findByRole('status');
    expect(notice).toHaveTextContent('Your request has been sent to Riverside Family Medicine. They must answer by May 30, 2026.');
    // said once: a reload or a return by Back does not say it again
    await waitFor(() => expect(router.state.location.state).toBeNull());
    expect(screen.getByRole('status')).toHaveTextContent('Your request has been sent');
    expect(screen.getByRole('heading', { level: 1, name: 'Your correction request' })).toBeInTheDocument();
    expect(screen.getByText('Lee@hillside.example', { exact: false })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toMatch(/^Correction request – /));
  });

  it('from the document viewer, about the document', async () => {
    // Prepare
    const doc = documentSummary({ documentId: 'doc-7', title: 'Discharge letter', kind: 'pdf', contentType: 'application/pdf' });
    const api = fakeApi(
      routes({
        'GET /api/me/documents': ok(page([doc])),
        'POST /api/me/corrections': ok(correction({ target: { kind: 'document', documentId: 'doc-7' }, targetLabel: 'Discharge letter (document dated 2025-02-01)' }), 201),
      }),
    );
    const { user, router } = renderPortal({ path: '/documents/doc-7' });

    // Act
    await user.click(await screen.findByRole('link', { name: 'Request a correction' }));
    expect(router.state.location.search).toBe('?document=doc-7');
    expect(await screen.findByRole('link', { name: 'Discharge letter' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('What is wrong'), 'Wrong discharge date.');
    await user.type(screen.getByLabelText('What should it say'), 'March 3.');
    await user.type(screen.getByLabelText('Why'), 'I went home on March 3.');
    await user.click(screen.getByRole('button', { name: 'Send request' }));

    // Assess
    await waitFor(() => expect(api.calls('POST /api/me/corrections')).toHaveLength(1));
    expect(api.calls('POST /api/me/corrections')[0]!.body).toEqual({
      target: { kind: 'document', documentId: 'doc-7' },
      whatIsWrong: 'Wrong discharge date.',
      shouldSay: 'March 3.',
      reason: 'I went home on March 3.',
      notify: [],
    });
  });

  it('says what is missing or too long before sending, and shows what the API refuses', async () => {
    // Prepare: two practices, none chosen yet
    const me: Me = { ...patientMe, links: [...patientMe.links, { practiceId: 'prac-2', practiceName: 'Hillside Clinic', patientId: 'pat-7', linkedAt: '2025-04-01T08:00:00Z' }] };
    const api = fakeApi(
      routes(
        {
          'POST /api/me/corrections': apiError(400, 'invalid_request', 'Some fields are not valid.', {
            details: [
              { path: 'reason', message: 'Why is required.' },
              { path: 'notify.0.email', message: 'This address cannot receive mail.' },
            ],
          }),
        },
        me,
      ),
    );
    const { user } = renderPortal({ path: '/corrections/new' });
    await screen.findByRole('heading', { level: 1, name: 'Ask for a correction' });

    // Act: send it empty
    await user.click(screen.getByRole('button', { name: 'Send request' }));

    // Assess
    const summary = await screen.findByRole('alert');
    expect(within(summary).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Choose the practice you are asking.',
      'What is wrong is required.',
      'What it should say is required.',
      'Why is required.',
    ]);
    expect(summary).toHaveFocus();
    expect(screen.getByLabelText('What is wrong')).toHaveAttribute('aria-invalid', 'true');
    expect(api.calls('POST /api/me/corrections')).toHaveLength(0);

    // Act: too long, and a person without a valid address
    await user.click(screen.getByLabelText('Hillside Clinic'));
    await user.click(screen.getByLabelText('What is wrong'));
    await user.paste('x'.repeat(2001));
    await user.type(screen.getByLabelText('What should it say'), 'Something else.');
    await user.type(screen.getByLabelText('Why'), 'Because.');
    await user.click(screen.getByRole('button', { name: 'Add a person or organisation' }));
    await user.type(screen.getByLabelText('Name'), 'Dr Lee');
    await user.type(screen.getByLabelText('E-mail address'), 'not-an-address');
    await user.click(screen.getByRole('button', { name: 'Send request' }));

    // Assess
    // The visible count, and (after a pause in typing) the same words in the polite live region.
    expect(screen.getAllByText('You have 1 character too many')[0]).toBeInTheDocument();
    await waitFor(() =>
      expect(within(screen.getByRole('alert')).getAllByRole('link').map((a) => a.textContent)).toEqual([
        'What is wrong must be at most 2000 characters.',
        'Person or organisation 1: Enter a valid e-mail address.',
      ]),
    );
    expect(api.calls('POST /api/me/corrections')).toHaveLength(0);

    // Act: fixed here, refused by the API
    await user.clear(screen.getByLabelText('What is wrong'));
    await user.type(screen.getByLabelText('What is wrong'), 'A missing allergy.');
    await user.clear(screen.getByLabelText('E-mail address'));
    await user.type(screen.getByLabelText('E-mail address'), 'lee@hillside.example');
    await user.click(screen.getByRole('button', { name: 'Send request' }));

    // Assess: the API's details next to their fields
    await waitFor(() => expect(api.calls('POST /api/me/corrections')).toHaveLength(1));
    expect(api.calls('POST /api/me/corrections')[0]!.body).toMatchObject({ target: { kind: 'general', practiceId: 'prac-2' } });
    const refused = await screen.findByRole('alert');
    await waitFor(() => expect(refused).toHaveTextContent('Some fields are not valid.'));
    expect(within(refused).getAllByRole('link').map((a) => a.textContent)).toEqual(['Why is required.', 'Person or organisation 1: This address cannot receive mail.']);
    expect(screen.getByLabelText('E-mail address')).toHaveAccessibleDescription(/This address cannot receive mail\./);
  });
});

describe('the list of requests', () => {
  it('shows each request with its status, practice, dates and overdue mark, linked from the header', async () => {
    // Prepare
    fakeApi(
      routes({
        'GET /api/me/corrections': ok(
          page([
            correction({ requestId: 'cr-00mfq2x1d-1111111111111111', overdue: true, receivedAt: '2026-01-02T10:00:00.000Z', dueAt: '2026-03-03T10:00:00.000Z' }),
            denied({ target: { kind: 'document', documentId: 'doc-1' }, targetLabel: 'Visit summary (document dated 2025-02-01)' }),
          ]),
        ),
      }),
    );
    const { user, router } = renderPortal();

    // Act
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    await user.click(await within(nav).findByRole('link', { name: 'Corrections' }));

    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Your correction requests' })).toBeInTheDocument();
    const rows = within(await screen.findByRole('table')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Hemoglobin A1c, 2026-03-01');
    expect(rows[0]).toHaveTextContent('Item in your health record');
    expect(rows[0]).toHaveTextContent('Riverside Family Medicine');
    expect(rows[0]).toHaveTextContent('Status: Waiting for an answer');
    expect(rows[0]).toHaveTextContent('Overdue');
    expect(rows[0]).toHaveTextContent('Jan 2, 2026');
    expect(rows[0]).toHaveTextContent('Mar 3, 2026');
    expect(rows[1]).toHaveTextContent('Visit summary (document dated 2025-02-01)');
    expect(rows[1]).toHaveTextContent('Status: Denied');
    expect(rows[1]).not.toHaveTextContent('Overdue');
    expect(rows[1]).toHaveTextContent('Answered Apr 20, 2026');
    expect(screen.getByText('Showing 2 requests')).toBeInTheDocument();
    await user.click(within(rows[1]!).getByRole('link', { name: 'Visit summary (document dated 2025-02-01)' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/corrections/${REQUEST_ID}`));
  });

  it('says plainly when there are none, and how to ask', async () => {
    // Prepare
    fakeApi(routes());

    // Act
    renderPortal({ path: '/corrections' });

    // Assess
    expect(await screen.findByText("You haven't asked for any corrections.")).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'ask for a correction' })).toHaveAttribute('href', '/corrections/new');
    expect(screen.getByRole('link', { name: 'your health record' })).toHaveAttribute('href', '/record');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('is for patients only', async () => {
    fakeApi({ 'POST /api/auth/refresh': signedIn(), 'GET /api/me': ok(staffMe) });
    renderPortal({ path: '/corrections' });
    expect(await screen.findByRole('heading', { level: 1, name: "This page isn't available to you" })).toBeInTheDocument();
  });
});

describe('one request', () => {
  it('shows a denial with the full letter, then takes a statement of disagreement', async () => {
    // Prepare
    const api = fakeApi(
      routes({
        [detail]: ok(denied()),
        [`POST /api/me/corrections/${REQUEST_ID}/disagreement`]: (request) =>
          ok(denied({ disagreement: { at: '2026-04-22T08:00:00.000Z', statement: (request.body as { statement: string }).statement } })),
      }),
    );
    const { user } = renderPortal({ path: `/corrections/${REQUEST_ID}` });

    // Assess: every step in order, the letter in full
    const steps = await screen.findAllByRole('heading', { level: 3 });
    expect(steps.map((h) => h.textContent)).toEqual(['Riverside Family Medicine received your request', 'Your request was denied']);
    for (const paragraph of LETTER) expect(screen.getByText(paragraph)).toBeInTheDocument();
    expect(screen.getByText('Denied', { selector: '.badge' })).toHaveTextContent('Status: Denied');
    expect(screen.queryByRole('button', { name: 'Withdraw request' })).not.toBeInTheDocument();

    // Act: an empty statement
    await user.click(screen.getByRole('button', { name: 'Send my statement' }));

    // Assess
    expect(await screen.findByRole('link', { name: 'The statement of disagreement is required.' })).toBeInTheDocument();
    expect(api.calls(`POST /api/me/corrections/${REQUEST_ID}/disagreement`)).toHaveLength(0);

    // Act: a statement
    await user.type(screen.getByLabelText('Your statement of disagreement'), 'My own lab says 6.4%.');
    expect(screen.getByText('You have 1,979 characters remaining')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Send my statement' }));

    // Assess
    await waitFor(() => expect(api.calls(`POST /api/me/corrections/${REQUEST_ID}/disagreement`).map((r) => r.body)).toEqual([{ statement: 'My own lab says 6.4%.' }]));
    expect(await screen.findByRole('heading', { level: 3, name: 'You sent a statement of disagreement' })).toBeInTheDocument();
    expect(screen.getByText('My own lab says 6.4%.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send my statement' })).not.toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Your statement of disagreement was sent to Riverside Family Medicine.');
  });

  it('shows an extension and a rebuttal with their dates', async () => {
    // Prepare
    fakeApi(
      routes({
        [detail]: ok(
          denied({
            extension: { at: '2026-05-01T08:00:00.000Z', reason: 'We are asking the lab.', previousDueAt: '2026-05-30T10:00:00.000Z' },
            dueAt: '2026-06-29T10:00:00.000Z',
            disagreement: { at: '2026-06-05T08:00:00.000Z', statement: 'I still disagree.' },
            rebuttal: { at: '2026-06-10T08:00:00.000Z', text: 'The lab confirmed the value.' },
          }),
        ),
      }),
    );

    // Act
    renderPortal({ path: `/corrections/${REQUEST_ID}` });

    // Assess
    const steps = await screen.findAllByRole('heading', { level: 3 });
    expect(steps.map((h) => h.textContent)).toEqual([
      'Riverside Family Medicine received your request',
      'Riverside Family Medicine took more time',
      'Your request was denied',
      'You sent a statement of disagreement',
      'Riverside Family Medicine answered your statement',
    ]);
    expect(screen.getByText('We are asking the lab.')).toBeInTheDocument();
    expect(steps[1]!.closest('li')).toHaveTextContent('New date to answer by: June 29, 2026 (it was May 30, 2026).');
    expect(screen.getByText('The lab confirmed the value.')).toBeInTheDocument();
    expect(screen.queryByLabelText('Your statement of disagreement')).not.toBeInTheDocument();
  });

  it('withdraws an open request after a confirmation', async () => {
    // Prepare
    const api = fakeApi(
      routes({
        [detail]: ok(correction()),
        [`POST /api/me/corrections/${REQUEST_ID}/withdraw`]: ok(correction({ status: 'withdrawn', withdrawnAt: '2026-04-02T08:00:00.000Z' })),
      }),
    );
    const { user } = renderPortal({ path: `/corrections/${REQUEST_ID}` });
    expect(await screen.findByRole('heading', { level: 3, name: 'Waiting for Riverside Family Medicine to answer' })).toBeInTheDocument();

    // Act: ask, then change one's mind
    await user.click(screen.getByRole('button', { name: 'Withdraw request' }));
    expect(screen.getByRole('heading', { name: 'Are you sure you want to withdraw this request?' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'No, keep it' }));
    expect(api.calls(`POST /api/me/corrections/${REQUEST_ID}/withdraw`)).toHaveLength(0);

    // Act: withdraw
    await user.click(screen.getByRole('button', { name: 'Withdraw request' }));
    await user.click(screen.getByRole('button', { name: 'Yes, withdraw it' }));

    // Assess
    expect(await screen.findByRole('heading', { level: 3, name: 'You withdrew your request' })).toBeInTheDocument();
    expect(api.calls(`POST /api/me/corrections/${REQUEST_ID}/withdraw`)).toHaveLength(1);
    expect(screen.getByRole('status')).toHaveTextContent('You withdrew your request.');
    expect(screen.getByText('Withdrawn', { selector: '.badge' })).toHaveTextContent('Status: Withdrawn');
    expect(screen.queryByRole('button', { name: 'Withdraw request' })).not.toBeInTheDocument();
  });

  it('on 409, says what happened and shows the request as it is now', async () => {
    // Prepare
    let practiceAccepted = false;
    const now = accepted();
    const api = fakeApi(
      routes({
        [detail]: () => ok(practiceAccepted ? now : correction()),
        [`POST /api/me/corrections/${REQUEST_ID}/withdraw`]: apiError(
          409,
          'correction_conflict',
          'Only a request that has not been answered can be withdrawn. This request has been accepted.',
          { current: now },
        ),
      }),
    );
    const { user } = renderPortal({ path: `/corrections/${REQUEST_ID}` });
    await user.click(await screen.findByRole('button', { name: 'Withdraw request' }));
    // the practice accepts the request while the patient is deciding
    practiceAccepted = true;
    const readsBefore = api.calls(detail).length;

    // Act
    await user.click(screen.getByRole('button', { name: 'Yes, withdraw it' }));

    // Assess
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This request has changed');
    expect(alert).toHaveTextContent('Only a request that has not been answered can be withdrawn. This request has been accepted.');
    expect(await screen.findByRole('heading', { level: 3, name: 'Your request was accepted' })).toBeInTheDocument();
    expect(screen.getByText('The result is 6.4%, not 9.4%.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Withdraw request' })).not.toBeInTheDocument();
    expect(api.calls(detail).length).toBeGreaterThan(readsBefore);
  });
});

describe('amendments on the record', () => {
  it('marks an amended item with the amendment, its date and the history, and an item with an open request', async () => {
    // Prepare: one amendment in the list, one older one fetched on its own, one open request
    const OLDER = 'cr-00mfq2x1a-2222222222222222';
    const api = fakeApi(
      routes({
        'GET /api/me/record/lab-results': ok(
          page([
            a1c({ amendedBy: [REQUEST_ID, OLDER] }),
            a1c({ itemKey: OTHER_KEY, date: '2025-09-01', resource: { ...a1c().resource, effectiveDateTime: '2025-09-01' } }),
          ]),
        ),
        'GET /api/me/corrections': ok(
          page([
            accepted(),
            correction({ requestId: 'cr-00mfq2x1e-3333333333333333', target: { kind: 'item', dataClass: 'lab-results', itemKey: OTHER_KEY } }),
          ]),
        ),
        [`GET /api/me/corrections/${OLDER}`]: ok(accepted({ requestId: OLDER, decision: { outcome: 'accepted', at: '2025-12-01T09:00:00.000Z', amendment: 'Units are %.', notifiedCount: 0 } })),
      }),
    );

    // Act
    renderPortal({ path: '/record/lab-results' });

    // Assess
    const rows = within(await screen.findByRole('list', { name: 'Lab results' })).getAllByRole('listitem');
    await waitFor(() => expect(rows[0]).toHaveTextContent('The result is 6.4%, not 9.4%.'));
    expect(within(rows[0]!).getAllByText('Amended')).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Amended on April 10, 2026 by Riverside Family Medicine');
    expect(within(rows[0]!).getAllByRole('link', { name: 'See the history of this correction' }).map((a) => a.getAttribute('href'))).toEqual([
      `/corrections/${REQUEST_ID}`,
      `/corrections/${OLDER}`,
    ]);
    await waitFor(() => expect(rows[0]).toHaveTextContent('Units are %.'));
    expect(api.calls(`GET /api/me/corrections/${OLDER}`)).toHaveLength(1);
    expect(api.calls(detail)).toHaveLength(0);
    expect(rows[0]).not.toHaveTextContent('Correction requested');
    expect(rows[1]).toHaveTextContent('Correction requested');
    expect(rows[1]).toHaveTextContent('answer due by May 30, 2026');
    expect(rows[1]).not.toHaveTextContent('Amended');
  });

  it('marks an item whose request was denied, in words, with the statement and rebuttal a link away', async () => {
    // Prepare: a denial answered with a statement and a rebuttal, a denial not (yet) disputed, a withdrawn request
    const THIRD_KEY = 'abcdefabcdefabcdefabcdefabcdef12';
    const DISPUTED = 'cr-00mfq2x1f-4444444444444444';
    const WITHDRAWN = 'cr-00mfq2x1g-5555555555555555';
    const day = (date: string) => ({ date, resource: { ...a1c().resource, effectiveDateTime: date } });
    fakeApi(
      routes({
        'GET /api/me/record/lab-results': ok(page([a1c(), a1c({ itemKey: OTHER_KEY, ...day('2025-09-01') }), a1c({ itemKey: THIRD_KEY, ...day('2025-03-01') })])),
        'GET /api/me/corrections': ok(
          page([
            denied({
              requestId: DISPUTED,
              disagreement: { at: '2026-04-22T08:00:00.000Z', statement: 'My own lab says 6.4%.' },
              rebuttal: { at: '2026-04-25T08:00:00.000Z', text: 'The lab confirmed the value.' },
            }),
            denied({ target: { kind: 'item', dataClass: 'lab-results', itemKey: OTHER_KEY } }),
            correction({ requestId: WITHDRAWN, status: 'withdrawn', withdrawnAt: '2026-04-01T08:00:00.000Z', target: { kind: 'item', dataClass: 'lab-results', itemKey: THIRD_KEY } }),
          ]),
        ),
      }),
    );

    // Act
    renderPortal({ path: '/record/lab-results' });

    // Assess: the disputed item says so in words, with its dates, and links to the request
    const rows = within(await screen.findByRole('list', { name: 'Lab results' })).getAllByRole('listitem');
    await waitFor(() => expect(rows[0]).toHaveTextContent('Correction denied — you filed a statement of disagreement'));
    expect(within(rows[0]!).getByText('Correction denied')).toHaveClass('badge');
    expect(rows[0]).toHaveTextContent(
      'Riverside Family Medicine denied your request on April 20, 2026. You sent your statement on April 22, 2026 and the practice answered it on April 25, 2026. Both stay with this part of your record.',
    );
    expect(within(rows[0]!).getByRole('link', { name: "Read the denial letter, your statement and the practice's answer for this correction request" })).toHaveAttribute(
      'href',
      `/corrections/${DISPUTED}`,
    );
    expect(rows[0]).not.toHaveTextContent('Amended');
    expect(rows[0]).not.toHaveTextContent('Correction requested');
    // a denial not disputed (yet): the way to the letter and to a statement
    expect(rows[1]).toHaveTextContent('Correction denied');
    expect(rows[1]).not.toHaveTextContent('you filed a statement of disagreement');
    expect(rows[1]).toHaveTextContent('If you disagree, you can send a statement saying why');
    expect(within(rows[1]!).getByRole('link', { name: 'Read the denial letter for this correction request' })).toHaveAttribute('href', `/corrections/${REQUEST_ID}`);
    // a withdrawn request leaves no mark
    expect(within(rows[2]!).queryByText(/Correction|Amended/)).not.toBeInTheDocument();
  });

  it('marks an amended document in the table and in the viewer', async () => {
    // Prepare
    const doc = documentSummary({ documentId: 'doc-7', title: 'Discharge letter', kind: 'pdf', contentType: 'application/pdf', amendedBy: [REQUEST_ID] });
    fakeApi(
      routes({
        'GET /api/me/documents': ok(page([doc])),
        'GET /api/me/corrections': ok(page([accepted({ target: { kind: 'document', documentId: 'doc-7' } })])),
      }),
    );
    const { user } = renderPortal();
    const table = await screen.findByRole('table');
    expect(within(table).getByRole('rowheader', { name: /Discharge letter/ })).toHaveTextContent('Amended');

    // Act
    await user.click(within(table).getByRole('link', { name: 'Discharge letter' }));

    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Discharge letter' })).toBeInTheDocument();
    expect(await screen.findByText('The result is 6.4%, not 9.4%.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'See the history of this correction' })).toHaveAttribute('href', `/corrections/${REQUEST_ID}`);
  });
});
