// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CorrectionView } from '../../../web/src/domain';
import { apiError, documentSummary, fakeApi, ok, page, renderPortal, signedIn, staffMe, type FakeHandler } from './portal-harness';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const utcDay = (iso: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));

const REQUEST_ID = 'cr-00000abcd-0123456789abcdef';
const DETAIL = `/api/practice/patients/pat-1/corrections/${REQUEST_ID}`;

function correction(overrides: Partial<CorrectionView> = {}): CorrectionView {
  return {
    requestId: REQUEST_ID,
    practiceId: 'prac-1',
    practiceName: 'Riverside Family Medicine',
    patientId: 'pat-1',
    target: { kind: 'general' },
    targetLabel: 'Something not tied to one item',
    whatIsWrong: 'My allergy to penicillin is missing.',
    shouldSay: 'Allergic to penicillin (rash).',
    reason: 'I had a reaction in 2019.',
    notify: [{ name: 'Dr. Jane Smith', organisation: 'Hillside Clinic', email: 'jane@hillside.example' }],
    status: 'submitted',
    receivedAt: inDays(-20),
    dueAt: inDays(40.5),
    overdue: false,
    patient: { givenName: 'Ada', familyName: 'Lovelace', mrn: 'MRN-001' },
    ...overrides,
  };
}

function routes(extra: Record<string, FakeHandler> = {}): Record<string, FakeHandler> {
  return { 'POST /api/auth/refresh': signedIn(), 'GET /api/me': ok(staffMe), ...extra };
}

const LETTER = ['On March 1, 2026 you asked Riverside Family Medicine to correct your record.', 'Why: We have reviewed the information and it is accurate and complete.', 'The entry matches the lab report.'];

describe('the correction queue', () => {
  it('lists open requests in the order the server gives, flags the overdue ones and links to each request', async () => {
    // Prepare
    const overdue = correction({ requestId: 'cr-00000abcd-1111111111111111', dueAt: inDays(-3.5), receivedAt: inDays(-63.5), overdue: true, targetLabel: 'Hemoglobin A1c, 2026-01-05' });
    const extended = correction({
      requestId: 'cr-00000abcd-2222222222222222',
      patientId: 'pat-2',
      status: 'extended',
      dueAt: inDays(12.5),
      patient: { givenName: 'Alan', familyName: 'Turing', mrn: 'MRN-002' },
      extension: { at: inDays(-1), reason: 'Waiting for the lab.', previousDueAt: inDays(-17.5), by: 'acc-staff-2' },
    });
    const api = fakeApi(routes({ 'GET /api/practice/corrections': (request) => ok(page(request.query.get('status') === 'closed' ? [] : [overdue, extended])) }));

    // Act
    const { user } = renderPortal({ path: '/practice/corrections' });

    // Assess: the overdue one first, flagged in words and with a marked row
    const table = await screen.findByRole('table', { name: /open correction requests, soonest due first/i });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByRole('rowheader')).toHaveTextContent('Ada LovelaceMRN MRN-001');
    expect(rows[0]).toHaveTextContent('Overdue');
    expect(rows[0]).toHaveTextContent('3 days overdue');
    expect(rows[0]).toHaveClass('queue-table__row--overdue');
    expect(within(rows[0]!).getByRole('link', { name: 'Hemoglobin A1c, 2026-01-05, request from Ada Lovelace' })).toHaveAttribute(
      'href',
      '/practice/corrections/pat-1/cr-00000abcd-1111111111111111',
    );
    expect(rows[1]).toHaveTextContent('Alan Turing');
    expect(rows[1]).toHaveTextContent('Extended');
    expect(rows[1]).toHaveTextContent('12 days left');
    expect(rows[1]).not.toHaveTextContent('Overdue');
    expect(screen.getByText('1 request is overdue.')).toBeInTheDocument();
    expect(api.calls('GET /api/practice/corrections')[0]?.query.get('status')).toBe('open');
    await waitFor(() => expect(document.title).toMatch(/^Correction requests – /));
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Corrections' })).toHaveAttribute('aria-current', 'page');

    // Act: the closed queue
    await user.click(screen.getByRole('link', { name: 'Closed' }));

    // Assess
    expect(await screen.findByText(/no closed correction requests yet/i)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Closed' })).toHaveAttribute('aria-current', 'page');
    expect(api.calls('GET /api/practice/corrections').at(-1)?.query.get('status')).toBe('closed');
  });

  it('says so when nothing is open, and the practice home counts open and overdue requests', async () => {
    // Prepare
    fakeApi(routes({ 'GET /api/practice/corrections': ok(page([])), 'GET /api/practice/patients': ok(page([])) }));

    // Act
    renderPortal({ path: '/practice/corrections' });

    // Assess
    expect(await screen.findByText(/no open correction requests/i)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();

    // Prepare: the home page's card
    fakeApi(
      routes({
        'GET /api/practice/patients': ok(page([])),
        'GET /api/practice/corrections': ok(page([correction({ overdue: true, dueAt: inDays(-1) }), correction({ requestId: 'cr-00000abcd-3333333333333333' })])),
      }),
    );

    // Act
    const { unmount } = renderPortal();

    // Assess
    const card = await screen.findByRole('region', { name: 'Correction requests' });
    await waitFor(() => expect(card).toHaveTextContent('2 open requests, ! 1 overdue.'));
    expect(within(card).getByRole('link', { name: 'Review correction requests' })).toHaveAttribute('href', '/practice/corrections');
    unmount();
  });

  it('shows what is waiting now when opened from the home page, not the copy the home page loaded', async () => {
    // Prepare: the home page's card loads the open queue while it is empty
    let queue: CorrectionView[] = [];
    fakeApi(routes({ 'GET /api/practice/patients': ok(page([])), 'GET /api/practice/corrections': () => ok(page(queue)) }));
    const { user } = renderPortal();
    const card = await screen.findByRole('region', { name: 'Correction requests' });
    await waitFor(() => expect(card).toHaveTextContent('No open requests.'));

    // Act: a request arrives, then staff open the queue (well within the copy's freshness)
    queue = [correction()];
    await user.click(within(card).getByRole('link', { name: 'Review correction requests' }));

    // Assess
    const table = await screen.findByRole('table', { name: /open correction requests/i });
    expect(within(table).getByRole('link', { name: 'Something not tied to one item, request from Ada Lovelace' })).toBeInTheDocument();
  });
});

describe('a correction request, for the practice', () => {
  it('shows the request and extends it once with a reason, showing the new due date first', async () => {
    // Prepare
    const request = correction();
    const newDueAt = new Date(Date.parse(request.dueAt) + 30 * DAY).toISOString();
    const api = fakeApi(
      routes({
        [`GET ${DETAIL}`]: ok(request),
        [`POST ${DETAIL}/extend`]: (r) => ok({ ...request, status: 'extended', dueAt: newDueAt, extension: { at: inDays(0), reason: (r.body as { reason: string }).reason, previousDueAt: request.dueAt, by: staffMe.accountId } }),
      }),
    );
    const { user } = renderPortal({ path: `/practice/corrections/pat-1/${REQUEST_ID}` });

    // Assess: what the patient asked, who, and the deadline
    expect(await screen.findByRole('heading', { level: 1, name: 'Correction request' })).toBeInTheDocument();
    const asked = screen.getByRole('region', { name: 'The request' });
    expect(asked).toHaveTextContent('My allergy to penicillin is missing.');
    expect(asked).toHaveTextContent('Allergic to penicillin (rash).');
    expect(asked).toHaveTextContent('I had a reaction in 2019.');
    expect(asked).toHaveTextContent('Dr. Jane Smith, Hillside Clinic');
    expect(within(screen.getByRole('region', { name: 'Summary' })).getByRole('link', { name: 'Ada Lovelace' })).toHaveAttribute('href', '/patients/pat-1');
    expect(screen.getByRole('region', { name: 'Respond' })).toHaveTextContent(`Accept or deny by ${utcDay(request.dueAt)} (40 days left)`);
    await waitFor(() => expect(document.title).toMatch(/^Correction request – /));

    // Act: open the form, try without a reason
    await user.click(screen.getByRole('button', { name: 'Extend by 30 days…' }));
    const form = screen.getByRole('form', { name: 'Extend the deadline' });
    expect(within(form).getByRole('heading', { name: 'Extend the deadline' })).toHaveFocus();
    expect(form).toHaveTextContent(`New due date${utcDay(newDueAt)}`);
    await user.click(within(form).getByRole('button', { name: 'Continue' }));

    // Assess
    expect(await within(form).findByRole('alert')).toHaveTextContent('The reason for the extension is required.');
    expect(api.calls(`POST ${DETAIL}/extend`)).toHaveLength(0);

    // Act: with a reason, then confirm
    await user.type(within(form).getByLabelText('Reason for the extension'), 'We are waiting for the lab to confirm.');
    await user.click(within(form).getByRole('button', { name: 'Continue' }));
    expect(await within(form).findByRole('heading', { name: `Extend the deadline to ${utcDay(newDueAt)}?` })).toHaveFocus();
    await user.click(within(form).getByRole('button', { name: 'Extend the deadline' }));

    // Assess
    expect(await screen.findByText(`Deadline extended to ${utcDay(newDueAt)}. The patient has been told, with your reason.`)).toBeInTheDocument();
    expect(api.calls(`POST ${DETAIL}/extend`).map((r) => r.body)).toEqual([{ reason: 'We are waiting for the lab to confirm.' }]);
    expect(screen.queryByRole('button', { name: /extend by/i })).not.toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'History' })).toHaveTextContent('Extended by you');
    expect(screen.getByRole('region', { name: 'Respond' })).toHaveTextContent('cannot be extended again');
  });

  it('denies only on a ground, sends it with the explanation, then shows the written denial', async () => {
    // Prepare
    const request = correction();
    const api = fakeApi(
      routes({
        [`GET ${DETAIL}`]: ok(request),
        [`POST ${DETAIL}/deny`]: (r) => {
          const body = r.body as { ground: 'accurate-and-complete'; explanation: string };
          return ok({
            ...request,
            status: 'denied',
            decision: { outcome: 'denied', at: inDays(0), by: 'acc-staff-1', ground: body.ground, groundText: 'accurate', explanation: body.explanation, letter: LETTER },
          });
        },
      }),
    );
    const { user } = renderPortal({ path: `/practice/corrections/pat-1/${REQUEST_ID}` });
    await user.click(await screen.findByRole('button', { name: 'Deny…' }));
    const form = screen.getByRole('form', { name: 'Deny the request' });

    // Act: an explanation but no ground
    await user.type(within(form).getByLabelText('Explanation'), 'The entry matches the lab report.');
    await user.click(within(form).getByRole('button', { name: 'Continue' }));

    // Assess: the ground is required, and the grounds are the four of 164.526(a)(2) with what the letter will say
    const summary = await within(form).findByRole('alert');
    expect(summary).toHaveTextContent('Choose the ground for the denial.');
    const grounds = within(form).getByRole('group', { name: 'Ground for the denial' });
    expect(within(grounds).getAllByRole('radio')).toHaveLength(4);
    expect(within(grounds).getByRole('radio', { name: 'Accurate and complete as it is' })).toHaveAccessibleDescription(
      'The letter says: “We have reviewed the information and it is accurate and complete.”',
    );
    expect(api.calls(`POST ${DETAIL}/deny`)).toHaveLength(0);

    // Act: choose a ground, confirm
    await user.click(within(grounds).getByRole('radio', { name: 'Accurate and complete as it is' }));
    await user.click(within(form).getByRole('button', { name: 'Continue' }));
    expect(await within(form).findByRole('heading', { name: 'Deny this request?' })).toHaveFocus();
    await user.click(within(form).getByRole('button', { name: 'Deny and send the letter' }));

    // Assess
    expect(await screen.findByText('Request denied. The patient has been sent the written denial below.')).toBeInTheDocument();
    expect(api.calls(`POST ${DETAIL}/deny`).map((r) => r.body)).toEqual([{ ground: 'accurate-and-complete', explanation: 'The entry matches the lab report.' }]);
    const letter = screen.getByRole('article', { name: 'The written denial, as the patient sees it' });
    expect(within(letter).getAllByRole('paragraph').map((p) => p.textContent)).toEqual(LETTER);
    expect(screen.queryByRole('button', { name: 'Accept…' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Write a rebuttal' })).not.toBeInTheDocument();
  });

  it('accepts with the amendment text and a document of the patient', async () => {
    // Prepare
    const request = correction({ target: { kind: 'document', documentId: 'doc-1' }, targetLabel: 'Visit summary (document dated 2025-02-01)' });
    const api = fakeApi(
      routes({
        [`GET ${DETAIL}`]: ok(request),
        'GET /api/practice/patients/pat-1/documents': ok(page([documentSummary({ documentId: 'doc-1' }), documentSummary({ documentId: 'doc-2', title: 'Amended allergy list', date: '2026-03-02' })])),
        [`POST ${DETAIL}/accept`]: (r) => {
          const body = r.body as { amendment: string; amendmentDocumentId?: string };
          return ok({ ...request, status: 'accepted', decision: { outcome: 'accepted', at: inDays(0), by: 'acc-staff-1', amendment: body.amendment, ...(body.amendmentDocumentId ? { amendmentDocumentId: body.amendmentDocumentId } : {}), notifiedCount: 1 } });
        },
      }),
    );
    const { user } = renderPortal({ path: `/practice/corrections/pat-1/${REQUEST_ID}` });

    // Assess: a document target can be downloaded
    expect(await screen.findByRole('button', { name: 'Download this document' })).toBeInTheDocument();

    // Act
    await user.click(screen.getByRole('button', { name: 'Accept…' }));
    const form = screen.getByRole('form', { name: 'Accept the correction' });
    expect(form).toHaveTextContent('The original stays in the record as it was, marked as amended');
    expect(form).toHaveTextContent('The patient and the people they named (Dr. Jane Smith (Hillside Clinic)) are notified.');
    await user.type(within(form).getByLabelText('Amendment'), 'Allergy: penicillin (rash, 2019).');
    const picker = within(form).getByLabelText('Amendment document (optional)');
    await waitFor(() => expect(within(picker).getAllByRole('option')).toHaveLength(3));
    await user.selectOptions(picker, 'Amended allergy list (Mar 2, 2026)');
    await user.click(within(form).getByRole('button', { name: 'Continue' }));
    expect(await within(form).findByText('Amendment document: Amended allergy list (Mar 2, 2026).')).toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Accept and notify' }));

    // Assess
    expect(await screen.findByText(/Correction accepted\. The record is marked as amended and the patient has been told\. 1 person they named was notified\./)).toBeInTheDocument();
    expect(api.calls(`POST ${DETAIL}/accept`).map((r) => r.body)).toEqual([{ amendment: 'Allergy: penicillin (rash, 2019).', amendmentDocumentId: 'doc-2' }]);
    expect(screen.getByRole('region', { name: 'Accepted' })).toHaveTextContent('Allergy: penicillin (rash, 2019).');
    expect(screen.queryByRole('region', { name: 'Respond' })).not.toBeInTheDocument();
  });

  it('offers a rebuttal only once the patient has disagreed, and sends it', async () => {
    // Prepare: denied, no disagreement
    const denied = correction({
      status: 'denied',
      decision: { outcome: 'denied', at: inDays(-5), by: 'acc-staff-9', ground: 'accurate-and-complete', groundText: 'accurate', explanation: 'Matches the lab report.', letter: LETTER },
    });
    fakeApi(routes({ [`GET ${DETAIL}`]: ok(denied) }));
    const first = renderPortal({ path: `/practice/corrections/pat-1/${REQUEST_ID}` });

    // Assess
    expect(await screen.findByRole('region', { name: 'Denied' })).toHaveTextContent('Denied by a colleague');
    expect(screen.queryByRole('button', { name: 'Write a rebuttal' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Statement of disagreement' })).not.toBeInTheDocument();
    first.unmount();

    // Prepare: the patient disagreed
    const disagreed = { ...denied, disagreement: { at: inDays(-1), statement: 'The lab report was for someone else.' } };
    const api = fakeApi(
      routes({
        [`GET ${DETAIL}`]: ok(disagreed),
        [`POST ${DETAIL}/rebuttal`]: (r) => ok({ ...disagreed, rebuttal: { at: inDays(0), text: (r.body as { text: string }).text, by: 'acc-staff-1' } }),
      }),
    );
    const { user } = renderPortal({ path: `/practice/corrections/pat-1/${REQUEST_ID}` });

    // Act
    const statement = await screen.findByRole('region', { name: 'Statement of disagreement' });
    expect(statement).toHaveTextContent('The lab report was for someone else.');
    await user.click(within(statement).getByRole('button', { name: 'Write a rebuttal' }));
    const form = within(statement).getByRole('form', { name: 'Write a rebuttal' });
    expect(form).toHaveTextContent('A copy goes to the patient.');
    await user.click(within(form).getByRole('button', { name: 'Continue' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('The rebuttal is required.');
    await user.type(within(form).getByLabelText('Rebuttal'), 'The report carries your MRN and date of birth.');
    await user.click(within(form).getByRole('button', { name: 'Continue' }));
    await user.click(await within(form).findByRole('button', { name: 'Save and send a copy' }));

    // Assess
    expect(await screen.findByText('Rebuttal saved. A copy has been sent to the patient.')).toBeInTheDocument();
    expect(api.calls(`POST ${DETAIL}/rebuttal`).map((r) => r.body)).toEqual([{ text: 'The report carries your MRN and date of birth.' }]);
    expect(within(statement).getByRole('heading', { name: 'Rebuttal' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Write a rebuttal' })).not.toBeInTheDocument();
  });

  it('on a conflict, says what happened and shows the request as it is now', async () => {
    // Prepare: a colleague accepted the request while this staff member was writing a denial
    const accepted = correction({
      status: 'accepted',
      decision: { outcome: 'accepted', at: inDays(0), by: 'acc-staff-2', amendment: 'Allergy added.', notifiedCount: 0 },
    });
    let current: CorrectionView = correction();
    const api = fakeApi(
      routes({
        [`GET ${DETAIL}`]: () => ok(current),
        [`POST ${DETAIL}/deny`]: () => {
          current = accepted;
          return apiError(409, 'correction_conflict', 'Someone else changed this request first: it has been accepted.', { current: accepted });
        },
      }),
    );
    const { user } = renderPortal({ path: `/practice/corrections/pat-1/${REQUEST_ID}` });
    await user.click(await screen.findByRole('button', { name: 'Deny…' }));
    const form = screen.getByRole('form', { name: 'Deny the request' });
    await user.click(within(form).getByRole('radio', { name: 'Accurate and complete as it is' }));
    await user.type(within(form).getByLabelText('Explanation'), 'Matches the lab report.');
    await user.click(within(form).getByRole('button', { name: 'Continue' }));

    // Act
    await user.click(await within(form).findByRole('button', { name: 'Deny and send the letter' }));

    // Assess
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Your action was not saved');
    expect(alert).toHaveTextContent('Someone else changed this request first: it has been accepted.');
    expect(await screen.findByRole('region', { name: 'Accepted' })).toHaveTextContent('Accepted by a colleague');
    expect(screen.getByRole('region', { name: 'Accepted' })).toHaveTextContent('Allergy added.');
    expect(screen.queryByRole('form', { name: 'Deny the request' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Respond' })).not.toBeInTheDocument();
    await waitFor(() => expect(alert).toHaveTextContent('The page now shows the request as it is now.'));
    expect(api.calls(`GET ${DETAIL}`).length).toBeGreaterThanOrEqual(2);
  });
});
