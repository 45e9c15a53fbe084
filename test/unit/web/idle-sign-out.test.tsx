// @vitest-environment jsdom
import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SESSION } from '../../../web/src/domain';
import { fakeApi, noContent, ok, page, patientMe, renderPortal, signedIn } from './portal-harness';

const MINUTE = 60_000;
const IDLE_MS = SESSION.idleSignOutMinutes * MINUTE;

/** Signs a patient in (session restored from the refresh cookie) with fake timers that also follow real time. */
async function signedInPatient() {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  const api = fakeApi({
    'POST /api/auth/refresh': () => signedIn(),
    'POST /api/auth/sign-out': noContent(),
    'GET /api/me': ok(patientMe),
    'GET /api/me/documents': ok(page([])),
  });
  const view = renderPortal({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
  await screen.findByRole('heading', { level: 2, name: 'Your records' });
  return { api, ...view };
}

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

describe('automatic sign-out after inactivity', () => {
  it('warns 60 seconds before, then signs out and says why', async () => {
    // Prepare
    const { api, queryClient } = await signedInPatient();

    // Act: idle until just before the warning
    await advance(IDLE_MS - MINUTE - 2_000);

    // Assess: no warning yet
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();

    // Act: reach the warning
    await advance(3_000);

    // Assess
    const dialog = screen.getByRole('alertdialog', { name: 'Are you still there?' });
    expect(dialog).toHaveAccessibleDescription(expect.stringContaining('You will be signed out in 59 seconds'));
    expect(screen.getByRole('button', { name: 'Stay signed in' })).toHaveFocus();

    // Act: the minute runs out
    await advance(MINUTE);

    // Assess
    expect(await screen.findByText(`You were signed out after ${SESSION.idleSignOutMinutes} minutes of inactivity.`)).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument();
    expect(api.calls('POST /api/auth/sign-out')).toHaveLength(1);
    expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
  });

  it('shows the full 60 seconds when the warning appears', async () => {
    // Prepare
    await signedInPatient();

    // Act
    await advance(IDLE_MS - MINUTE);

    // Assess
    expect(screen.getByRole('alertdialog')).toHaveTextContent('You will be signed out in 60 seconds');
  });

  it('starts a new idle period when the person chooses to stay signed in', async () => {
    // Prepare
    const { api, user } = await signedInPatient();
    await advance(IDLE_MS - MINUTE + 1_000);

    // Act
    await user.click(screen.getByRole('button', { name: 'Stay signed in' }));
    await advance(2 * MINUTE);

    // Assess: past the original deadline, still signed in
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    expect(api.calls('POST /api/auth/sign-out')).toHaveLength(0);
  });

  it('counts keyboard, mouse and touch use as activity', async () => {
    // Prepare
    await signedInPatient();

    // Act: some activity every 10 minutes, for 40 minutes
    for (let i = 0; i < 4; i += 1) {
      await advance(10 * MINUTE);
      fireEvent[(['keyDown', 'mouseMove', 'touchStart', 'mouseDown'] as const)[i]!](document.body);
    }

    // Assess
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
  });

  it('ignores activity once the warning shows: only "Stay signed in" continues', async () => {
    // Prepare
    await signedInPatient();
    await advance(IDLE_MS - MINUTE + 1_000);

    // Act
    fireEvent.mouseMove(document.body);
    await advance(MINUTE);

    // Assess
    expect(await screen.findByText(/you were signed out after/i)).toBeInTheDocument();
  });
});
