// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Me, TransmissionView } from '../../../web/src/domain';
import { apiError, documentSummary, fakeApi, ok, page, patientMe, practicePatient, renderPortal, signedIn, staffMe, type FakeHandler } from './portal-harness';

const TX_ID = 'tx-00mfq2x1c-0123456789abcdef';
const CODE = 'K7M2P-QX9RT';
const SHA = 'ab12'.repeat(16);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const me: Me = {
  ...patientMe,
  links: [...patientMe.links, { practiceId: 'prac-2', practiceName: 'Hillside Clinic', patientId: 'pat-7', linkedAt: '2025-04-01T08:00:00Z' }],
};

function transmission(overrides: Partial<TransmissionView> = {}): TransmissionView {
  return {
    transmissionId: TX_ID,
    recipient: { name: 'Dr Maya Lee', organisation: 'Hillside Cardiology', email: 'maya.lee@hillside.example' },
    description: 'Medications, allergies (dated Jan 1, 2025 to Dec 31, 2025), as Readable PDF, FHIR R4 Bundle',
    formats: ['pdf', 'fhir'],
    purpose: 'Second opinion',
    delivery: 'email-and-code',
    status: 'active',
    createdAt: '2026-03-31T10:00:00.000Z',
    expiresAt: '2026-04-14T10:00:00.000Z',
    maxDownloads: 5,
    downloadsUsed: 0,
    signature: { typedName: 'Alex Rivera', signedAt: '2026-03-31T10:00:00.000Z' },
    manifest: [
      { name: 'health-record.pdf', contentType: 'application/pdf', size: 48_213, sha256: SHA },
      { name: 'originals/001-visit-summary.xml', contentType: 'application/xml', size: 20_480, sha256: 'cd34'.repeat(16) },
      { name: 'manifest.json', contentType: 'application/json', size: 512, sha256: 'ef56'.repeat(16) },
    ],
    archive: { name: 'health-records.zip', contentType: 'application/zip', size: 60_000, sha256: '0789'.repeat(16) },
    itemCount: 12,
    events: [
      { kind: 'created', at: '2026-03-31T10:00:00.000Z' },
      { kind: 'emailed', at: '2026-03-31T10:00:01.000Z' },
    ],
    ...overrides,
  };
}

function routes(extra: Record<string, FakeHandler> = {}, who: Me = me): Record<string, FakeHandler> {
  return {
    'POST /api/auth/refresh': signedIn(),
    'GET /api/me': ok(who),
    'GET /api/me/documents': ok(page([documentSummary(), documentSummary({ documentId: 'doc-2', title: 'Chest X-ray report', practiceName: 'Hillside Clinic', date: '2025-11-20' })])),
    'GET /api/me/corrections': ok(page([])),
    'GET /api/me/transmissions': ok(page([])),
    ...extra,
  };
}

type User = ReturnType<typeof renderPortal>['user'];

/** Fills what every transmission needs: who, why, and the signature. */
async function fillRequired(user: User) {
  await user.type(screen.getByLabelText('Their name'), 'Dr Maya Lee');
  await user.type(screen.getByLabelText('Their e-mail address'), 'Maya.Lee@Hillside.example');
  await user.type(screen.getByLabelText('Purpose'), 'Continuing care');
  await user.type(screen.getByLabelText('Your full name'), 'Alex Rivera');
  await user.click(screen.getByRole('checkbox', { name: /^I direct Riverside Family Medicine and Hillside Clinic to send a copy/ }));
}

describe('sending my records', () => {
  it('from the header: sends the body the API expects, with a fresh idempotency key, and shows the access code with its advice', async () => {
    // Prepare
    const api = fakeApi(routes({ 'POST /api/me/transmissions': ok(transmission({ accessCode: CODE }), 201) }));
    const { user } = renderPortal({ path: '/' });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    await user.click(await within(nav).findByRole('link', { name: 'Send my records' }));

    // Act: every step
    expect(await screen.findByRole('heading', { level: 1, name: 'Send my records' })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toMatch(/^Send my records – /));
    await user.type(screen.getByLabelText('Their name'), 'Dr Maya Lee');
    await user.type(screen.getByLabelText('Organisation (optional)'), 'Hillside Cardiology');
    await user.type(screen.getByLabelText('Their e-mail address'), 'Maya.Lee@Hillside.example');
    await user.click(screen.getByText('More ways to deliver (optional)'));
    await user.type(screen.getByLabelText('FHIR server address (optional)'), 'https://fhir.hillside.example/r4');
    expect(screen.getByText('You gave a FHIR server address, so “FHIR R4 Bundle” is needed.')).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Some kinds of records' }));
    await user.click(screen.getByRole('checkbox', { name: 'Medications' }));
    await user.click(screen.getByRole('checkbox', { name: 'Allergies' }));
    await user.type(screen.getByLabelText('From'), '2025-01-01');
    await user.type(screen.getByLabelText('To'), '2025-12-31');
    await user.click(screen.getByRole('checkbox', { name: 'FHIR R4 Bundle' }));
    await user.click(screen.getByRole('button', { name: 'Second opinion' }));
    expect(screen.getByLabelText('Purpose')).toHaveValue('Second opinion');
    await user.clear(screen.getByLabelText('Days the link works'));
    await user.type(screen.getByLabelText('Days the link works'), '14');
    await user.clear(screen.getByLabelText('Downloads allowed'));
    await user.type(screen.getByLabelText('Downloads allowed'), '5');
    expect(screen.getByRole('radio', { name: 'E-mail link + access code (recommended)' })).toBeChecked();
    await user.type(screen.getByLabelText('Your full name'), 'Alex Rivera');
    const attest = screen.getByRole('checkbox', { name: /^I direct Riverside Family Medicine and Hillside Clinic to send a copy of my health information, as chosen above, to Dr Maya Lee\./ });
    await user.click(attest);
    await user.click(screen.getByRole('button', { name: 'Send my records' }));

    // Assess: the request
    const heading = await screen.findByRole('heading', { level: 1, name: 'Your records are on their way' });
    const bodies = api.calls('POST /api/me/transmissions').map((r) => r.body as Record<string, unknown>);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.idempotencyKey).toMatch(UUID);
    expect(bodies[0]).toEqual({
      idempotencyKey: bodies[0]!.idempotencyKey,
      recipient: { name: 'Dr Maya Lee', organisation: 'Hillside Cardiology', email: 'maya.lee@hillside.example', fhirServerUrl: 'https://fhir.hillside.example/r4' },
      selection: { kind: 'classes', dataClasses: ['medications', 'allergies'], from: '2025-01-01', to: '2025-12-31' },
      formats: ['pdf', 'fhir'],
      purpose: 'Second opinion',
      expiresInDays: 14,
      maxDownloads: 5,
      delivery: 'email-and-code',
      signature: { typedName: 'Alex Rivera', attestation: true },
    });
    // Assess: the confirmation, the code once, with its advice
    expect(heading).toHaveFocus();
    await waitFor(() => expect(document.title).toMatch(/^Records sent – /));
    expect(screen.getByText('maya.lee@hillside.example')).toBeInTheDocument();
    expect(screen.getByText(CODE)).toBeInTheDocument();
    expect(screen.getByText('This code is shown only once.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Give this code to the recipient separately — by phone or in person. Do not e-mail it.' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'See this copy' })).toHaveAttribute('href', `/transmissions/${TX_ID}`);
  });

  it('reuses the idempotency key when sending again after a network failure, so that one copy is made', async () => {
    // Prepare: the first try gets no answer
    let tries = 0;
    const api = fakeApi(
      routes({
        'POST /api/me/transmissions': () => {
          tries += 1;
          if (tries === 1) throw new TypeError('Failed to fetch');
          return ok(transmission({ accessCode: CODE }), 200);
        },
      }),
    );
    const { user } = renderPortal({ path: '/send' });
    await screen.findByRole('heading', { level: 1, name: 'Send my records' });
    await fillRequired(user);

    // Act
    await user.click(screen.getByRole('button', { name: 'Send my records' }));
    const summary = await screen.findByRole('alert', { name: 'There is a problem' });
    expect(summary).toHaveTextContent("We couldn't reach the portal. Check your internet connection and try again. Sending again is safe: your records will not be sent twice.");
    expect(summary).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Send my records' }));

    // Assess
    expect(await screen.findByText(CODE)).toBeInTheDocument();
    const bodies = api.calls('POST /api/me/transmissions').map((r) => r.body as { idempotencyKey: string });
    expect(bodies).toHaveLength(2);
    expect(bodies[0]!.idempotencyKey).toMatch(UUID);
    expect(bodies[1]).toEqual(bodies[0]);
  });

  it('takes a new key after a refusal (nothing was made), and a new one for the next copy', async () => {
    // Prepare
    let tries = 0;
    const api = fakeApi(
      routes({
        'POST /api/me/transmissions': () => {
          tries += 1;
          return tries === 1 ? apiError(404, 'not_found', 'One of the chosen documents is not in your records.') : ok(transmission({ accessCode: CODE }), 201);
        },
      }),
    );
    const { user } = renderPortal({ path: '/send' });
    await screen.findByRole('heading', { level: 1, name: 'Send my records' });
    await fillRequired(user);
    await user.click(screen.getByRole('radio', { name: 'Chosen documents' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Chest X-ray report' }));

    // Act
    await user.click(screen.getByRole('button', { name: 'Send my records' }));
    expect(await screen.findByRole('alert', { name: 'There is a problem' })).toHaveTextContent('One of the chosen documents is not in your records.');
    await user.click(screen.getByRole('button', { name: 'Send my records' }));
    await screen.findByText(CODE);
    await user.click(screen.getByRole('button', { name: 'Send to someone else' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Send my records' })).toBeInTheDocument();
    expect(screen.getByLabelText('Their name')).toHaveValue('');
    await fillRequired(user);
    await user.click(screen.getByRole('button', { name: 'Send my records' }));
    await screen.findByText(CODE);

    // Assess: choosing documents ticked "Original documents" (their only format) for them; three different keys
    const bodies = api.calls('POST /api/me/transmissions').map((r) => r.body as { idempotencyKey: string; selection: unknown; formats: unknown });
    expect(bodies[0]!.selection).toEqual({ kind: 'documents', documentIds: ['doc-2'] });
    expect(bodies[0]!.formats).toEqual(['originals']);
    expect(new Set(bodies.map((b) => b.idempotencyKey)).size).toBe(3);
  });

  it('explains in plain words what is missing, links each problem to its field, and sends nothing', async () => {
    // Prepare
    const api = fakeApi(routes());
    const { user } = renderPortal({ path: '/send' });
    await screen.findByRole('heading', { level: 1, name: 'Send my records' });

    // Act: nothing filled in
    await user.click(screen.getByRole('button', { name: 'Send my records' }));

    // Assess
    const summary = await screen.findByRole('alert', { name: 'There is a problem' });
    expect(within(summary).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'The recipient’s name is required.',
      'Enter a valid e-mail address.',
      'The purpose is required.',
      'Your typed name is required.',
      'Confirm that you direct this copy to be sent to this recipient.',
    ]);
    expect(screen.getByLabelText('Their name')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Their name')).toHaveAccessibleDescription('Error: The recipient’s name is required.');
    await user.click(within(summary).getByRole('link', { name: 'Your typed name is required.' }));
    expect(screen.getByLabelText('Your full name')).toHaveFocus();

    // Act: a date range without dates, a FHIR server without the FHIR format, too many days and downloads
    await fillRequired(user);
    await user.click(screen.getByRole('radio', { name: 'Records from a period of time' }));
    await user.type(screen.getByLabelText('From'), '2025-01-01');
    await user.click(screen.getByText('More ways to deliver (optional)'));
    await user.type(screen.getByLabelText('FHIR server address (optional)'), 'ftp://files.example');
    await user.clear(screen.getByLabelText('Days the link works'));
    await user.type(screen.getByLabelText('Days the link works'), '45');
    await user.clear(screen.getByLabelText('Downloads allowed'));
    await user.click(screen.getByRole('button', { name: 'Send my records' }));

    // Assess
    await waitFor(() =>
      expect(within(screen.getByRole('alert', { name: 'There is a problem' })).getAllByRole('link').map((a) => a.textContent)).toEqual([
        'The FHIR server URL must be a web address starting with https:// (no user name or password in it).',
        'Enter the “To” date.',
        'To send to a FHIR server, tick “FHIR R4 Bundle”.',
        'Expiry must be at most 30 days.',
        'The number of downloads must be a number.',
      ]),
    );
    expect(api.calls('POST /api/me/transmissions')).toHaveLength(0);
  });

  it('sends chosen documents as originals only, and says why other formats and a FHIR server do not apply', async () => {
    // Prepare
    const api = fakeApi(routes());
    const { user } = renderPortal({ path: '/send' });
    await screen.findByRole('heading', { level: 1, name: 'Send my records' });
    await fillRequired(user);

    // Act
    await user.click(screen.getByRole('radio', { name: 'Chosen documents' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Visit summary' }));
    expect(screen.getByRole('checkbox', { name: 'Original documents' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Readable PDF' })).not.toBeChecked();
    expect(screen.getByRole('group', { name: '3 Formats' })).toHaveAccessibleDescription(/Chosen documents are sent as they are, as “Original documents”\./);
    await user.click(screen.getByRole('checkbox', { name: 'Readable PDF' }));
    await user.click(screen.getByText('More ways to deliver (optional)'));
    await user.type(screen.getByLabelText('FHIR server address (optional)'), 'https://fhir.hillside.example/r4');
    await user.click(screen.getByRole('button', { name: 'Send my records' }));

    // Assess
    const summary = await screen.findByRole('alert', { name: 'There is a problem' });
    expect(within(summary).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'A FHIR server can’t receive chosen documents. Remove the FHIR server address, or choose another option in step 2.',
      'For chosen documents, tick only “Original documents”. The other formats are made from your whole health record: to send them, choose another option in step 2.',
    ]);
    expect(api.calls('POST /api/me/transmissions')).toHaveLength(0);
  });

  it('shows the access code once: it is in no cache, and gone after leaving the page', async () => {
    // Prepare
    fakeApi(
      routes({
        'POST /api/me/transmissions': ok(transmission({ accessCode: CODE }), 201),
        [`GET /api/me/transmissions/${TX_ID}`]: ok(transmission()),
      }),
    );
    const { user, router, queryClient } = renderPortal({ path: '/send' });
    await screen.findByRole('heading', { level: 1, name: 'Send my records' });
    await fillRequired(user);
    await user.click(screen.getByRole('button', { name: 'Send my records' }));
    expect(await screen.findByText(CODE)).toBeInTheDocument();
    expect(JSON.stringify(queryClient.getQueryCache().getAll().map((q) => q.state.data))).not.toContain(CODE);
    expect(JSON.stringify(router.state.location)).not.toContain(CODE);

    // Act: to the copy's page, then back
    await user.click(screen.getByRole('link', { name: 'See this copy' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Copy sent to Dr Maya Lee' })).toBeInTheDocument();
    expect(screen.queryByText(CODE)).not.toBeInTheDocument();
    await router.navigate(-1);

    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Send my records' })).toBeInTheDocument();
    expect(screen.queryByText(CODE)).not.toBeInTheDocument();
    expect(JSON.stringify(queryClient.getMutationCache().getAll().map((m) => m.state.data))).not.toContain(CODE);
  });
});

describe('the records I have sent', () => {
  it('lists each copy with its recipient, dates, status in words, downloads and confirmation', async () => {
    // Prepare
    const list = [
      transmission({ transmissionId: 'tx-00mfq2x1c-0000000000000001', downloadsUsed: 3, confirmedAt: '2026-04-01T09:00:00.000Z' }),
      transmission({ transmissionId: 'tx-00mfq2x1c-0000000000000002', status: 'revoked', recipient: { name: 'Jordan Blake', email: 'jb@law.example' } }),
      transmission({ transmissionId: 'tx-00mfq2x1c-0000000000000003', status: 'expired' }),
      transmission({ transmissionId: 'tx-00mfq2x1c-0000000000000004', status: 'exhausted', downloadsUsed: 5 }),
      transmission({ transmissionId: 'tx-00mfq2x1c-0000000000000005', status: 'locked' }),
    ];
    fakeApi(routes({ 'GET /api/me/transmissions': ok(page(list)) }));

    // Act
    renderPortal({ path: '/transmissions' });

    // Assess
    const table = await screen.findByRole('table', { name: 'Records you’ve sent, newest first' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toHaveTextContent('Dr Maya Lee');
    expect(rows[0]).toHaveTextContent('Hillside Cardiology');
    // the API's description, as the server words it
    expect(rows[0]).toHaveTextContent('Medications, allergies (dated Jan 1, 2025 to Dec 31, 2025), as Readable PDF, FHIR R4 Bundle');
    expect(rows[0]).toHaveTextContent('Mar 31, 2026');
    expect(rows[0]).toHaveTextContent('Apr 14, 2026');
    expect(rows[0]).toHaveTextContent('Status: Active');
    expect(rows[0]).toHaveTextContent('Confirmed received');
    expect(rows[0]).toHaveTextContent('3 of 5 downloads used');
    expect(within(rows[1]!).getByRole('link', { name: 'Jordan Blake' })).toHaveAttribute('href', '/transmissions/tx-00mfq2x1c-0000000000000002');
    expect(rows[1]).toHaveTextContent('Status: Revoked');
    expect(rows[1]).not.toHaveTextContent('Confirmed received');
    expect(rows[2]).toHaveTextContent('Status: Expired');
    expect(rows[3]).toHaveTextContent('Status: Download limit reached');
    expect(rows[4]).toHaveTextContent('Status: Locked after wrong codes');
    expect(screen.getByText('Showing 5 copies')).toBeInTheDocument();
    await waitFor(() => expect(document.title).toMatch(/^Records you’ve sent – /));
  });

  it('shows a copy: its events in order, its files with their SHA-256, and revokes it after asking', async () => {
    // Prepare
    const events = [
      { kind: 'created', at: '2026-03-31T10:00:00.000Z' },
      { kind: 'emailed', at: '2026-03-31T10:00:01.000Z' },
      { kind: 'fhir-failed', at: '2026-03-31T10:00:02.000Z', detail: 'HTTP 503' },
      { kind: 'opened', at: '2026-04-01T08:00:00.000Z' },
      { kind: 'code-failed', at: '2026-04-01T08:00:30.000Z' },
      { kind: 'unlocked', at: '2026-04-01T08:01:00.000Z' },
      { kind: 'downloaded', at: '2026-04-01T08:02:00.000Z', detail: 'health-record.pdf' },
      { kind: 'downloaded', at: '2026-04-01T08:03:00.000Z', detail: 'originals/001-visit-summary.xml' },
      { kind: 'confirmed', at: '2026-04-01T08:05:00.000Z' },
    ];
    const shown = transmission({ events, downloadsUsed: 2, confirmedAt: '2026-04-01T08:05:00.000Z' });
    const api = fakeApi(
      routes({
        [`GET /api/me/transmissions/${TX_ID}`]: ok(shown),
        [`POST /api/me/transmissions/${TX_ID}/revoke`]: ok({ ...shown, status: 'revoked', revokedAt: '2026-04-02T09:00:00.000Z', events: [...events, { kind: 'revoked', at: '2026-04-02T09:00:00.000Z' }] }),
      }),
    );
    const { user } = renderPortal({ path: `/transmissions/${TX_ID}` });

    // Assess: the page
    expect(await screen.findByRole('heading', { level: 1, name: 'Copy sent to Dr Maya Lee' })).toBeInTheDocument();
    expect(screen.getByText(/confirmed they received your records on/)).toBeInTheDocument();
    const timeline = screen.getByRole('heading', { level: 2, name: 'What has happened' }).parentElement!;
    expect(within(timeline).getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([
      'You signed the request and your records were packaged',
      'The link was e-mailed to maya.lee@hillside.example',
      'Sending to their FHIR server failed',
      'The link was opened',
      'A wrong access code was entered',
      'The right access code was entered',
      'Downloaded: health-record.pdf',
      'Downloaded: 001-visit-summary.xml',
      'The recipient confirmed they received your records',
      'The link works until it expires or is used up',
    ]);
    expect(timeline).toHaveTextContent('Reason: HTTP 503.');
    expect(timeline).toHaveTextContent('for 3 more downloads');
    const files = screen.getByRole('table', { name: 'The files in the package, with their SHA-256 fingerprints' });
    const fileRows = within(files).getAllByRole('row').slice(1);
    expect(fileRows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['health-record.pdf', '001-visit-summary.xmlOriginal document', 'manifest.json']);
    expect(fileRows[0]).toHaveTextContent('47 KB');
    expect(within(fileRows[0]!).getByText(SHA).tagName).toBe('CODE');
    expect(screen.getByText('health-records.zip')).toBeInTheDocument();
    expect(screen.getByText('2 of 5')).toBeInTheDocument();

    // Act: revoke, changing one's mind first
    await user.click(screen.getByRole('button', { name: 'Revoke' }));
    expect(screen.getByRole('heading', { name: 'Are you sure you want to revoke this link?' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'No, keep it' }));
    expect(api.calls(`POST /api/me/transmissions/${TX_ID}/revoke`)).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Revoke' }));
    await user.click(screen.getByRole('button', { name: 'Yes, revoke the link' }));

    // Assess
    expect(await screen.findByText('You revoked the link. Dr Maya Lee can no longer open or download your records with it.')).toBeInTheDocument();
    expect(api.calls(`POST /api/me/transmissions/${TX_ID}/revoke`)).toHaveLength(1);
    expect(screen.getByText('Revoked', { selector: '.badge' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Revoke' })).not.toBeInTheDocument();
    expect(within(timeline).getAllByRole('heading', { level: 3 }).at(-1)).toHaveTextContent('You revoked the link');
  });

  it('says so when the link had already stopped working, and shows it as it is now', async () => {
    // Prepare
    let expired = false;
    fakeApi(
      routes({
        [`GET /api/me/transmissions/${TX_ID}`]: () => ok(transmission(expired ? { status: 'expired' } : {})),
        [`POST /api/me/transmissions/${TX_ID}/revoke`]: () => {
          expired = true;
          return apiError(409, 'transmission_ended', 'This transmission has already expired.');
        },
      }),
    );
    const { user } = renderPortal({ path: `/transmissions/${TX_ID}` });
    await user.click(await screen.findByRole('button', { name: 'Revoke' }));

    // Act
    await user.click(screen.getByRole('button', { name: 'Yes, revoke the link' }));

    // Assess
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This link has already stopped working');
    expect(alert).toHaveTextContent('This transmission has already expired.');
    expect(await screen.findByText('Expired', { selector: '.badge' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Revoke' })).not.toBeInTheDocument();
  });

  it('links to sending from the home page and from the empty list', async () => {
    // Prepare
    fakeApi(routes());
    const { user } = renderPortal({ path: '/' });

    // Act
    await user.click(await screen.findByRole('link', { name: 'See the records you’ve sent' }));

    // Assess
    expect(await screen.findByText("You haven't sent your records to anyone yet.")).toBeInTheDocument();
    const main = screen.getByRole('main');
    await user.click(within(main).getByRole('link', { name: 'send my records' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Send my records' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Records you’ve sent' })).toHaveAttribute('href', '/transmissions');
  });
});

describe('the practice', () => {
  it('sees the copies a patient sent, read-only', async () => {
    // Prepare
    fakeApi({
      'POST /api/auth/refresh': signedIn(),
      'GET /api/me': ok(staffMe),
      'GET /api/practice/patients/pat-1': ok(practicePatient({ status: 'linked' })),
      'GET /api/practice/patients/pat-1/documents': ok(page([])),
      'GET /api/practice/patients/pat-1/transmissions': ok(
        page([
          { ...transmission({ downloadsUsed: 1, confirmedAt: '2026-04-01T09:00:00.000Z' }), manifest: [], events: [] },
          { ...transmission({ transmissionId: 'tx-00mfq2x1c-0000000000000002', status: 'revoked', recipient: { name: 'Jordan Blake', email: 'jb@law.example' } }), manifest: [] },
        ]),
      ),
    });

    // Act
    renderPortal({ path: '/patients/pat-1' });

    // Assess
    const table = await screen.findByRole('table', { name: 'Copies sent by the patient, newest first' });
    expect(screen.getByRole('heading', { level: 2, name: 'Copies sent by the patient' })).toBeInTheDocument();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('Dr Maya Lee');
    expect(rows[0]).toHaveTextContent('Mar 31, 2026');
    expect(rows[0]).toHaveTextContent('Status: Active');
    expect(rows[0]).toHaveTextContent('Confirmed received');
    expect(rows[0]).toHaveTextContent('1 of 5');
    expect(rows[1]).toHaveTextContent('Status: Revoked');
    expect(within(table).queryByRole('link')).not.toBeInTheDocument();
    expect(within(table).queryByRole('button')).not.toBeInTheDocument();
  });

  it('has no "Send my records" in its navigation, and cannot open the patient pages', async () => {
    // Prepare
    fakeApi({ 'POST /api/auth/refresh': signedIn(), 'GET /api/me': ok(staffMe), 'GET /api/practice/patients': ok(page([])) });

    // Act
    renderPortal({ path: '/send' });

    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: "This page isn't available to you" })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { level: 1, name: 'Send my records' })).not.toBeInTheDocument();
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryByRole('link', { name: 'Send my records' })).not.toBeInTheDocument();
  });
});
