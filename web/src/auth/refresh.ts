import { ApiError } from '../api/api-error';
import { authApi } from '../api/auth-api';
import { tokenStore } from './token-store';

/** ok: new tokens stored; unauthenticated: no session any more (sign in again); failed: network or server trouble. */
export type RefreshOutcome = 'ok' | 'unauthenticated' | 'failed';

let inFlight: Promise<RefreshOutcome> | null = null;

/**
 * Trades the HttpOnly refresh cookie for new tokens. Concurrent callers (the refresh timer, several requests
 * answered 401 at once, React's double effects in development) share one call.
 */
export function refreshSession(): Promise<RefreshOutcome> {
  if (inFlight) return inFlight;
  const generation = tokenStore.generation();
  inFlight = authApi
    .refresh()
    .then(
      (result): RefreshOutcome => {
        // Signed out while the call was under way: do not bring the session back.
        if (tokenStore.generation() !== generation) return 'unauthenticated';
        if (result?.status !== 'signed-in' || !result.tokens?.idToken) return 'failed';
        tokenStore.set(result.tokens);
        return 'ok';
      },
      (error: unknown): RefreshOutcome =>
        error instanceof ApiError && (error.status === 401 || error.status === 403) ? 'unauthenticated' : 'failed',
    )
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

const MAX_MARGIN_MS = 60_000;
const MIN_DELAY_MS = 1_000;

/** How long to wait before refreshing: a minute before expiry, or half-way for very short-lived tokens. */
export function refreshDelayMs(expiresAt: number, now: number): number {
  const lifetime = expiresAt - now;
  const margin = Math.min(MAX_MARGIN_MS, lifetime / 2);
  return Math.max(MIN_DELAY_MS, lifetime - margin);
}
