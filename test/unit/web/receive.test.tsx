// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode } from 'react';
import { createBrowserRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../../web/src/api/query-client';
import { App } from '../../../web/src/App';
import type { RecipientPackage } from '../../../web/src/domain';
import { routes } from '../../../web/src/routes';
import { apiError, fakeApi, noSession, ok, renderPortal, type FakeHandler } from './portal-harness';

/** A link's token as the e-mail carries it: 43 base64url characters after '#'. */
const TOKEN = 'Zq7_xT2mV9-bK4nR8wYc1LpHs3JdF6gA0eU5iOoM2tQ';
const SESSION = 'S3ss10n_aBcDeFgHiJkLmNoPqRsTuVwXyZ-0123456A';
const CODE_REQUIRED = ok({ status: 'code-required' });
const WRONG_CODE = apiError(403, 'wrong_code', 'That access code is not right. 4 tries are left before this link locks.');

const PACKAGE: RecipientPackage = {
  session: SESSION,
  sessionExpiresAt: '2099-01-01T12:30:00Z',
  sender: { name: 'Alex Rivera', signedAt: '2026-03-02T12:00:00Z' },
  recipient: { name: 'Dr. Jordan Lee', organisation: 'Lakeside Cardiology' },
  purpose: 'Referral to cardiology',
  description: 'Records dated 2025-01-01 to 2025-12-31, as a readable PDF and a FHIR R4 Bundle',
  createdAt: '2026-03-02T12:00:00Z',
  expiresAt: '2099-01-08T12:00:00Z',
  downloadsLeft: 10,
  files: [
    { name: 'health-record.pdf', contentType: 'application/pdf', size: 52_000, sha256: 'a'.repeat(64) },
    { name: 'health-record.fhir.json', contentType: 'application/fhir+json', size: 126_000, sha256: 'b'.repeat(64) },
    { name: 'originals/001-visit-summary.pdf', contentType: 'application/pdf', size: 2_048, sha256: 'c'.repeat(64) },
    { name: 'manifest.json', contentType: 'application/json', size: 700, sha256: 'd'.repeat(64) },
  ],
  archive: { name: 'health-records.zip', contentType: 'application/zip', size: 150_000, sha256: 'e'.repeat(64) },
};

const downloadAnswer = (file: string, downloadsLeft: number) =>
  ok({ url: `http://storage.test/transmissions/tx-1/${file}?X-Amz-Signature=abc`, expiresAt: '2099-01-01T00:05:00Z', filename: file.replace(/^originals\//, ''), sha256: 'a'.repeat(64), downloadsLeft });

function recipientRoutes(extra: Record<string, FakeHandler> = {}): Record<string, FakeHandler> {
  return { 'POST /api/auth/refresh': noSession(), ...extra };
}

/** The link from the e-mail, opened in the portal (memory router). */
function openLink(hash = `#${TOKEN}`) {
  return renderPortal({ path: `/receive${hash}` });
}

/** Follows the presigned links without navigating jsdom; returns the spy to see where they led. */
function followLinks() {
  return vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {});
}

/** The live region (there are several: one per card) that says this. */
function findStatus(text: string | RegExp) {
  return waitFor(() => {
    const found = screen.getAllByRole('status').find((s) => (typeof text === 'string' ? s.textContent?.includes(text) : text.test(s.textContent ?? '')));
    if (!found) throw new Error(`No status says ${String(text)}`);
    return found;
  });
}

const fact = (term: string) => screen.getByText(term, { selector: 'dt' }).nextElementSibling;

async function unlockWith(user: ReturnType<typeof userEvent.setup>, code: string) {
  const field = await screen.findByLabelText('Access code');
  await user.clear(field);
  await user.type(field, code);
  await user.click(screen.getByRole('button', { name: 'Open the records' }));
}

describe('the recipient page (/receive)', () => {
  it('reads the token from the fragment, sends it in the body and wipes it from the address', async () => {
    // Prepare
    const api = fakeApi(recipientRoutes({ 'POST /api/recipient/open': CODE_REQUIRED }));

    // Act
    const { router } = openLink();

    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Enter the access code' })).toBeInTheDocument();
    expect(api.calls('POST /api/recipient/open').map((r) => r.body)).toEqual([{ token: TOKEN }]);
    await waitFor(() => expect(router.state.location.hash).toBe(''));
    expect(router.state.location.pathname).toBe('/receive');
    expect(router.state.historyAction).toBe('REPLACE');
    expect(document.title).toBe('Enter the access code – Open Patient Portal');
  });

  it('replaces the browser history entry, so the token is neither in the address bar nor in the history', async () => {
    // Prepare: the real browser router, as in main.tsx
    const api = fakeApi(recipientRoutes({ 'POST /api/recipient/open': CODE_REQUIRED }));
    window.history.replaceState(null, '', `/receive#${TOKEN}`);
    const before = window.history.length;
    const setItem = vi.spyOn(Storage.prototype, 'setItem');

    // Act
    render(
      <StrictMode>
        <App queryClient={createQueryClient({ retry: false })} router={createBrowserRouter(routes)} />
      </StrictMode>,
    );

    // Assess
    await screen.findByRole('heading', { level: 1, name: 'Enter the access code' });
    await waitFor(() => expect(window.location.hash).toBe(''));
    expect(window.location.pathname).toBe('/receive');
    expect(window.location.href).not.toContain(TOKEN);
    expect(window.history.length).toBe(before);
    expect(JSON.stringify(window.history.state)).not.toContain(TOKEN);
    // Opened once, even under StrictMode (each open is an event the patient sees).
    expect(api.calls('POST /api/recipient/open')).toHaveLength(1);
    expect(setItem).not.toHaveBeenCalled();
    window.history.replaceState(null, '', '/');
  });

  it('asks for the code before showing anything, says how many tries are left, then shows the package', async () => {
    // Prepare
    let tries = 0;
    const api = fakeApi(
      recipientRoutes({
        'POST /api/recipient/open': CODE_REQUIRED,
        'POST /api/recipient/unlock': () => (++tries === 1 ? WRONG_CODE : ok(PACKAGE)),
      }),
    );
    const { user } = openLink();
    await screen.findByRole('heading', { level: 1, name: 'Enter the access code' });
    expect(screen.getByRole('main')).toHaveTextContent('enter the access code the sender gave you separately');
    expect(screen.getByRole('main')).not.toHaveTextContent(/Alex|Rivera|cardiology/i);

    // Act: a wrong code
    await unlockWith(user, 'ABCDE-12345');

    // Assess
    expect(await screen.findByRole('alert')).toHaveTextContent('That access code is not right. 4 tries are left before this link locks.');
    expect(screen.getByLabelText('Access code')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('main')).not.toHaveTextContent(/Alex|Rivera/);

    // Act: the right one, typed in lower case without the dash
    await unlockWith(user, ' k7m2p9x4qr ');

    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Health records sent to you' })).toHaveFocus();
    expect(api.calls('POST /api/recipient/unlock').map((r) => r.body)).toEqual([
      { token: TOKEN, code: 'ABCDE12345' },
      { token: TOKEN, code: 'K7M2P9X4QR' },
    ]);
    expect(screen.getByText(/^From/, { selector: 'p' })).toHaveTextContent('From Alex Rivera (signed Mar 2, 2026)');
    expect(fact('Sent to')).toHaveTextContent('Dr. Jordan Lee, Lakeside Cardiology');
    expect(fact('Purpose')).toHaveTextContent('Referral to cardiology');
    expect(fact('What it contains')).toHaveTextContent(PACKAGE.description);
    expect(fact('Available until')).toHaveTextContent('2099');
    expect(fact('Downloads left')).toHaveTextContent('10');
    const table = screen.getByRole('table', { name: 'Files in this package' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['health-record.pdf', 'health-record.fhir.json', '001-visit-summary.pdfOriginal document', 'manifest.json']);
    expect(rows[1]).toHaveTextContent('FHIR R4 (JSON)');
    expect(rows[1]).toHaveTextContent('123 KB');
    expect(within(rows[1]!).getByText('b'.repeat(64))).toHaveClass('receive-hash');
    expect(screen.getByText(/shasum -a 256/).closest('p')).toHaveTextContent('certutil -hashfile file SHA256');
    // The page title goes into the device's history: never a name.
    expect(document.title).toBe('Records sent to you – Open Patient Portal');
  });

  it('refuses a code of the wrong length without asking the API', async () => {
    const api = fakeApi(recipientRoutes({ 'POST /api/recipient/open': CODE_REQUIRED }));
    const { user } = openLink();

    await unlockWith(user, 'ABC-12');

    expect(await screen.findByRole('alert')).toHaveTextContent('The access code has 10 letters and digits, like ABCDE-12345.');
    expect(api.calls('POST /api/recipient/unlock')).toHaveLength(0);
  });

  it('shows the locked page when the last try was wrong', async () => {
    fakeApi(
      recipientRoutes({
        'POST /api/recipient/open': CODE_REQUIRED,
        'POST /api/recipient/unlock': apiError(410, 'link_locked', 'This link is locked after too many wrong access codes. Ask the person who sent it to send it again.'),
      }),
    );
    const { user } = openLink();

    await unlockWith(user, 'ABCDE-12345');

    expect(await screen.findByRole('heading', { level: 1, name: 'This link is locked' })).toHaveFocus();
    expect(screen.getByRole('main')).toHaveTextContent('ask the person who sent them to send them again');
    expect(screen.queryByLabelText('Access code')).toBeNull();
  });

  it('opens a link without a code straight away; each download asks for a short-lived link by file name', async () => {
    // Prepare
    const followed = followLinks();
    const api = fakeApi(
      recipientRoutes({
        'POST /api/recipient/open': ok({ status: 'open', package: PACKAGE }),
        'POST /api/recipient/download': (r) => {
          const file = (r.body as { file: string }).file;
          return downloadAnswer(file, 10 - api.calls('POST /api/recipient/download').length);
        },
      }),
    );
    const { user } = openLink();
    await screen.findByRole('heading', { level: 1, name: 'Health records sent to you' });

    // Act
    await user.click(screen.getByRole('button', { name: 'Download 001-visit-summary.pdf' }));

    // Assess
    await findStatus('001-visit-summary.pdf is downloading. 9 downloads left.');
    expect(api.calls('POST /api/recipient/download').map((r) => r.body)).toEqual([{ token: TOKEN, session: SESSION, file: 'originals/001-visit-summary.pdf' }]);
    expect(followed).toHaveBeenCalledTimes(1);
    expect(followed.mock.contexts[0]).toHaveProperty('href', 'http://storage.test/transmissions/tx-1/originals/001-visit-summary.pdf?X-Amz-Signature=abc');
    expect(document.querySelector('a[href*="X-Amz-Signature"]')).toBeNull();
    expect(fact('Downloads left')).toHaveTextContent('9');
    expect(screen.getByRole('rowheader', { name: /001-visit-summary\.pdf/ })).toHaveTextContent('Downloaded');

    // Act: everything at once
    await user.click(screen.getByRole('button', { name: 'Download everything (.zip)' }));

    // Assess
    await waitFor(() => expect(fact('Downloads left')).toHaveTextContent('8'));
    expect(api.calls('POST /api/recipient/download').map((r) => (r.body as { file: string }).file)).toEqual(['originals/001-visit-summary.pdf', 'health-records.zip']);
    expect(followed).toHaveBeenCalledTimes(2);
  });

  it('says when the last download was used, and then offers no more', async () => {
    followLinks();
    fakeApi(
      recipientRoutes({
        'POST /api/recipient/open': ok({ status: 'open', package: { ...PACKAGE, downloadsLeft: 1 } }),
        'POST /api/recipient/download': downloadAnswer('health-record.pdf', 0),
      }),
    );
    const { user } = openLink();

    await user.click(await screen.findByRole('button', { name: 'Download health-record.pdf' }));

    await findStatus('health-record.pdf is downloading. That was the last download this link allows.');
    expect(screen.queryByRole('button', { name: /^Download/ })).toBeNull();
    // The files arrived: confirming receipt is still possible after the last download.
    expect(screen.getByRole('button', { name: 'Confirm I received these records' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toHaveTextContent('You have used every download this link allows.');
  });

  it('confirms receipt once', async () => {
    // Prepare
    const api = fakeApi(
      recipientRoutes({
        'POST /api/recipient/open': ok({ status: 'open', package: PACKAGE }),
        'POST /api/recipient/confirm': ok({ confirmedAt: '2026-03-03T15:04:00Z' }),
      }),
    );
    const { user } = openLink();

    // Act
    await user.click(await screen.findByRole('button', { name: 'Confirm I received these records' }));

    // Assess
    expect((await findStatus('Receipt confirmed on')).textContent).toMatch(/^Receipt confirmed on Mar 3, 2026/);
    expect(screen.queryByRole('button', { name: 'Confirm I received these records' })).toBeNull();
    expect(api.calls('POST /api/recipient/confirm').map((r) => r.body)).toEqual([{ token: TOKEN, session: SESSION }]);
  });

  it('shows a receipt confirmed on an earlier visit', async () => {
    fakeApi(recipientRoutes({ 'POST /api/recipient/open': ok({ status: 'open', package: { ...PACKAGE, confirmedAt: '2026-03-03T15:04:00Z' } }) }));
    openLink();

    expect(await screen.findByText(/^Receipt confirmed on/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Confirm I received these records' })).toBeNull();
  });

  it('asks to open the page again when its session has timed out, with the token it still has', async () => {
    // Prepare
    followLinks();
    const api = fakeApi(
      recipientRoutes({
        'POST /api/recipient/open': CODE_REQUIRED,
        'POST /api/recipient/unlock': ok(PACKAGE),
        'POST /api/recipient/download': apiError(401, 'session_expired', 'Your access to this page has timed out. Open the link again (and enter the access code, if there is one).'),
      }),
    );
    const { user } = openLink();
    await unlockWith(user, 'ABCDE-12345');

    // Act
    await user.click(await screen.findByRole('button', { name: 'Download health-record.pdf' }));

    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Your access has timed out' })).toHaveFocus();
    expect(screen.getByRole('main')).not.toHaveTextContent(/Alex|Rivera/);
    await user.click(screen.getByRole('button', { name: 'Open again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Enter the access code' })).toBeInTheDocument();
    expect(api.calls('POST /api/recipient/open').map((r) => r.body)).toEqual([{ token: TOKEN }, { token: TOKEN }]);
  });

  it.each([
    ['link_revoked', 'These records have been withdrawn'],
    ['link_expired', 'This link has expired'],
    ['link_exhausted', 'This link has been used up'],
    ['link_locked', 'This link is locked'],
  ])('answers a link that ended (410 %s) with its own page', async (code, heading) => {
    fakeApi(recipientRoutes({ 'POST /api/recipient/open': apiError(410, code, 'Gone.') }));

    openLink();

    expect(await screen.findByRole('heading', { level: 1, name: heading })).toBeInTheDocument();
    expect(screen.getByRole('main')).toHaveTextContent('ask the person who sent them to send them again');
    expect(document.title).toBe(`${heading} – Open Patient Portal`);
  });

  it('answers an unknown link (404) with the "not valid" page', async () => {
    fakeApi(recipientRoutes({ 'POST /api/recipient/open': apiError(404, 'not_found', 'This link is not valid.') }));

    openLink();

    expect(await screen.findByRole('heading', { level: 1, name: 'This link is not valid' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toHaveTextContent('opened the whole link from the e-mail');
  });

  it('switches to the revoked page when the sender withdraws the records during the visit', async () => {
    followLinks();
    fakeApi(
      recipientRoutes({
        'POST /api/recipient/open': ok({ status: 'open', package: PACKAGE }),
        'POST /api/recipient/download': apiError(410, 'link_revoked', 'Withdrawn.'),
      }),
    );
    const { user } = openLink();

    await user.click(await screen.findByRole('button', { name: 'Download health-record.pdf' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'These records have been withdrawn' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('without a token (a reload, a bookmark) explains where to open the link, and asks the API nothing', async () => {
    const api = fakeApi(recipientRoutes());

    openLink('');

    expect(await screen.findByRole('heading', { level: 1, name: 'Open the link from your e-mail' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toHaveTextContent('Reloading the page or using a bookmark cannot open the records again');
    expect(api.requests.filter((r) => r.path.startsWith('/api/recipient/'))).toEqual([]);
  });

  it('calls a cut-off token not valid without sending it anywhere', async () => {
    const api = fakeApi(recipientRoutes());
    const { router } = openLink(`#${TOKEN.slice(0, 30)}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'This link is not valid' })).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.hash).toBe(''));
    expect(api.requests.filter((r) => r.path.startsWith('/api/recipient/'))).toEqual([]);
  });

  it('opens a second link pasted into the address bar while the page is open (a fragment change, not a page load)', async () => {
    // Prepare
    const other = 'B'.repeat(43);
    const api = fakeApi(recipientRoutes({ 'POST /api/recipient/open': (r) => ((r.body as { token: string }).token === TOKEN ? apiError(410, 'link_expired', 'Expired.') : CODE_REQUIRED) }));
    const { router } = openLink();
    await screen.findByRole('heading', { level: 1, name: 'This link has expired' });

    // Act
    await router.navigate(`/receive#${other}`);

    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Enter the access code' })).toBeInTheDocument();
    expect(api.calls('POST /api/recipient/open').map((r) => r.body)).toEqual([{ token: TOKEN }, { token: other }]);
    await waitFor(() => expect(router.state.location.hash).toBe(''));
  });

  it('has no header navigation for accounts: the recipient has none', async () => {
    fakeApi(recipientRoutes({ 'POST /api/recipient/open': CODE_REQUIRED }));
    openLink();

    await screen.findByRole('heading', { level: 1, name: 'Enter the access code' });

    const banner = screen.getByRole('banner');
    expect(within(banner).queryByRole('navigation')).toBeNull();
    expect(within(banner).queryByRole('link')).toBeNull();
    expect(screen.getByRole('link', { name: 'Skip to main content' })).toBeInTheDocument();
    expect(screen.getByRole('contentinfo')).toBeInTheDocument();
  });

  it('never puts the token in a request URL or in storage, through the whole visit', async () => {
    // Prepare
    followLinks();
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    const log = vi.spyOn(console, 'log');
    const error = vi.spyOn(console, 'error');
    const api = fakeApi(
      recipientRoutes({
        'POST /api/recipient/open': CODE_REQUIRED,
        'POST /api/recipient/unlock': () => (api.calls('POST /api/recipient/unlock').length === 1 ? WRONG_CODE : ok(PACKAGE)),
        'POST /api/recipient/download': (r) => downloadAnswer((r.body as { file: string }).file, 9),
        'POST /api/recipient/confirm': ok({ confirmedAt: '2026-03-03T15:04:00Z' }),
      }),
    );
    const { user } = openLink();

    // Act
    await unlockWith(user, 'ABCDE-12345');
    await screen.findByText(/tries are left/, { selector: 'a' });
    await unlockWith(user, 'ABCDE-12346');
    await user.click(await screen.findByRole('button', { name: 'Download health-record.pdf' }));
    await screen.findByText(/is downloading/);
    await user.click(screen.getByRole('button', { name: 'Confirm I received these records' }));
    await screen.findByText(/^Receipt confirmed on/);

    // Assess
    const urls = api.fetchMock.mock.calls.map(([input]) => String(input));
    expect(urls.filter((u) => u.startsWith('/api/recipient/'))).toEqual(['/api/recipient/open', '/api/recipient/unlock', '/api/recipient/unlock', '/api/recipient/download', '/api/recipient/confirm']);
    for (const url of urls) expect(url).not.toContain(TOKEN);
    for (const r of api.requests) expect(JSON.stringify(r.body ?? {})).toEqual(r.path.startsWith('/api/recipient/') ? expect.stringContaining(TOKEN) : expect.not.stringContaining(TOKEN));
    expect(setItem).not.toHaveBeenCalled();
    expect([...log.mock.calls, ...error.mock.calls].flat().join(' ')).not.toContain(TOKEN);
    expect(document.body.innerHTML).not.toContain(TOKEN);
    expect(document.body.innerHTML).not.toContain(SESSION);
  });
});
