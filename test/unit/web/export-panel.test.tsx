// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DATA_CLASSES } from '../../../web/src/domain';
import { apiError, fakeApi, ok, page, patientMe, renderPortal, signedIn, type FakeHandler } from './portal-harness';

const CREATED = {
  url: 'http://storage.test/exports/x.json?X-Amz-Signature=abc',
  expiresAt: '2099-01-01T00:00:00Z',
  filename: 'health-record.json',
  contentType: 'application/fhir+json',
  size: 126_000,
  sha256: 'b'.repeat(64),
  itemCount: 42,
};

function routes(extra: Record<string, FakeHandler> = {}): Record<string, FakeHandler> {
  return {
    'POST /api/auth/refresh': signedIn(),
    'GET /api/me': ok(patientMe),
    'GET /api/me/documents': ok(page([])),
    ...Object.fromEntries(DATA_CLASSES.map((c) => [`GET /api/me/record/${c}`, ok(page([]))])),
    ...extra,
  };
}

async function openPanel() {
  const view = renderPortal({ path: '/record' });
  const panel = await screen.findByRole('region', { name: 'Download your record' });
  return { ...view, panel };
}

describe('the "Download your record" panel', () => {
  it('asks for the chosen format and dates, follows the link and says what is coming', async () => {
    // Prepare
    const followed = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {});
    let answer!: () => void;
    const api = fakeApi(routes({ 'POST /api/me/exports': () => new Promise((resolve) => (answer = () => resolve(ok(CREATED, 201)))) }));
    const { user, panel } = await openPanel();
    expect(within(panel).getByRole('radio', { name: 'Readable PDF' })).toBeChecked();

    // Act
    await user.click(within(panel).getByRole('radio', { name: 'FHIR R4 (JSON)' }));
    await user.type(within(panel).getByLabelText('From'), '2025-01-01');
    await user.type(within(panel).getByLabelText('To'), '2025-12-31');
    await user.click(within(panel).getByRole('button', { name: 'Download' }));

    // Assess: pending
    expect(await within(panel).findByRole('button', { name: 'Preparing…' })).toHaveAttribute('aria-busy', 'true');
    answer();
    expect(await within(panel).findByRole('status')).toHaveTextContent('Your file (42 items, 123 KB) is downloading.');
    expect(api.calls('POST /api/me/exports').map((r) => r.body)).toEqual([{ format: 'fhir', from: '2025-01-01', to: '2025-12-31' }]);
    expect(followed).toHaveBeenCalledTimes(1);
    expect(followed.mock.contexts[0]).toHaveProperty('href', CREATED.url);
    expect(document.querySelector('a[href*="X-Amz-Signature"]')).toBeNull();
  });

  it('sends no dates when none are given', async () => {
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {});
    const api = fakeApi(routes({ 'POST /api/me/exports': ok({ ...CREATED, itemCount: 1, size: 800 }, 201) }));
    const { user, panel } = await openPanel();

    await user.click(within(panel).getByRole('radio', { name: 'C-CDA (XML)' }));
    await user.click(within(panel).getByRole('button', { name: 'Download' }));

    expect(await within(panel).findByRole('status')).toHaveTextContent('Your file (1 item, 800 bytes) is downloading.');
    expect(api.calls('POST /api/me/exports').map((r) => r.body)).toEqual([{ format: 'ccda' }]);
  });

  it('refuses a range that ends before it starts, without asking the API', async () => {
    const api = fakeApi(routes({ 'POST /api/me/exports': ok(CREATED, 201) }));
    const { user, panel } = await openPanel();

    await user.type(within(panel).getByLabelText('From'), '2025-06-01');
    await user.type(within(panel).getByLabelText('To'), '2025-01-01');
    await user.click(within(panel).getByRole('button', { name: 'Download' }));

    expect(await within(panel).findByRole('alert')).toHaveTextContent('The "From" date must be on or before the "To" date.');
    expect(within(panel).getByLabelText('From')).toHaveAttribute('aria-invalid', 'true');
    expect(within(panel).getByLabelText('From')).toHaveAccessibleDescription('The "From" date must be on or before the "To" date.');
    expect(api.calls('POST /api/me/exports')).toHaveLength(0);

    // Act: put it right
    await user.clear(within(panel).getByLabelText('To'));
    await user.type(within(panel).getByLabelText('To'), '2025-12-31');

    // Assess
    expect(within(panel).queryByRole('alert')).not.toBeInTheDocument();
    expect(within(panel).getByLabelText('From')).not.toHaveAttribute('aria-invalid');
  });

  it("shows the API's message on a 400", async () => {
    const followed = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {});
    fakeApi(routes({ 'POST /api/me/exports': apiError(400, 'validation_failed', 'There is nothing in your record for these dates.') }));
    const { user, panel } = await openPanel();

    await user.click(within(panel).getByRole('button', { name: 'Download' }));

    expect(await within(panel).findByRole('alert')).toHaveTextContent('There is nothing in your record for these dates.');
    await waitFor(() => expect(within(panel).getByRole('button', { name: 'Download' })).not.toHaveAttribute('aria-busy'));
    expect(followed).not.toHaveBeenCalled();
    expect(screen.queryByText(/is downloading/)).not.toBeInTheDocument();
  });
});
