import { refreshSession } from '../auth/refresh';
import { tokenStore } from '../auth/token-store';
import { ApiError } from './api-error';
import { request, type RequestOptions } from './http';

/** Refresh first when the ID token has less than this left (a tab that slept, a slow clock). */
const EXPIRY_SKEW_MS = 10_000;

let onUnauthenticated: (() => void) | null = null;

/** The session registers what to do when the API no longer accepts us even after a refresh: sign out. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

function notSignedIn(): ApiError {
  return new ApiError({ status: 401, code: 'unauthenticated', message: 'Sign in to continue.' });
}

/**
 * A call to a protected route with the ID token as bearer. A 401 gets one refresh and one retry (the JWT
 * authorizer rejects before the handler runs, so retrying a POST cannot do it twice); if that fails too, the
 * session ends.
 */
export async function authorizedRequest<T>(path: string, options: Omit<RequestOptions, 'idToken'> = {}): Promise<T> {
  let tokens = tokenStore.get();
  if (!tokens) throw notSignedIn();
  if (tokens.expiresAt - Date.now() < EXPIRY_SKEW_MS) {
    const outcome = await refreshSession();
    if (outcome === 'unauthenticated') {
      onUnauthenticated?.();
      throw notSignedIn();
    }
    tokens = tokenStore.get();
    if (!tokens) throw notSignedIn();
  }

  try {
    return await request<T>(path, { ...options, idToken: tokens.idToken });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    const outcome = await refreshSession();
    const fresh = tokenStore.get();
    if (outcome !== 'ok' || !fresh) {
      onUnauthenticated?.();
      throw error;
    }
    try {
      return await request<T>(path, { ...options, idToken: fresh.idToken });
    } catch (retryError) {
      if (retryError instanceof ApiError && retryError.status === 401) onUnauthenticated?.();
      throw retryError;
    }
  }
}
