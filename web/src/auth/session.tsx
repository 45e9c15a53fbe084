import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { authApi } from '../api/auth-api';
import { setUnauthenticatedHandler } from '../api/client';
import { IdleSignOut } from '../components/IdleSignOut/IdleSignOut';
import { IDLE_TIMEOUT_MS, IDLE_WARNING_MS } from '../config';
import type { SessionTokens } from '../domain';
import { refreshDelayMs, refreshSession } from './refresh';
import { tokenStore } from './token-store';

export type SessionStatus = 'restoring' | 'signed-in' | 'signed-out';
export type SignOutReason = 'user' | 'idle' | 'expired';

export interface SessionContextValue {
  status: SessionStatus;
  /** A message for the sign-in page, e.g. why the person was signed out. */
  notice: string | null;
  startSession: (tokens: SessionTokens) => void;
  signOut: (reason?: SignOutReason) => Promise<void>;
  clearNotice: () => void;
  /** The current access token, for the MFA set-up calls; never stored anywhere else. */
  accessToken: () => string | null;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** After a failed (network) refresh, try again this much later. */
const REFRESH_RETRY_MS = 30_000;

function minutes(ms: number): string {
  const n = Math.max(1, Math.round(ms / 60_000));
  return `${n} minute${n === 1 ? '' : 's'}`;
}

function noticeFor(reason: SignOutReason, idleTimeoutMs: number): string {
  switch (reason) {
    case 'idle':
      return `You were signed out after ${minutes(idleTimeoutMs)} of inactivity.`;
    case 'expired':
      return 'Your session has ended. Please sign in again.';
    case 'user':
      return 'You have signed out.';
  }
}

export interface SessionProviderProps {
  children: ReactNode;
  idleTimeoutMs?: number;
  idleWarningMs?: number;
}

/**
 * The signed-in session: restores it at start (refresh cookie), refreshes tokens before they expire, signs out
 * after inactivity or when the API stops accepting us, and on sign-out forgets every token and all cached data.
 */
export function SessionProvider({ children, idleTimeoutMs = IDLE_TIMEOUT_MS, idleWarningMs = IDLE_WARNING_MS }: SessionProviderProps) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<SessionStatus>(() => (tokenStore.get() ? 'signed-in' : 'restoring'));
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback(
    async (reason: SignOutReason = 'user') => {
      const tokens = tokenStore.get();
      // Already signed out (several requests answered 401 at once): keep the first reason.
      if (!tokens) return;
      tokenStore.clear();
      void queryClient.cancelQueries();
      // Queries and mutations: no PHI may outlive the session (ONC 170.315(d)(7)).
      queryClient.clear();
      setStatus('signed-out');
      setNotice(noticeFor(reason, idleTimeoutMs));
      try {
        await authApi.signOut(tokens.accessToken);
      } catch {
        // The tokens are gone from this device either way; the refresh token expires on its own.
      }
    },
    [queryClient, idleTimeoutMs],
  );

  const startSession = useCallback((tokens: SessionTokens) => {
    tokenStore.set(tokens);
    setNotice(null);
    setStatus('signed-in');
  }, []);

  // Restore the session after a reload: the refresh cookie outlives the in-memory tokens.
  useEffect(() => {
    if (tokenStore.get()) return;
    let cancelled = false;
    void refreshSession().then((outcome) => {
      if (cancelled) return;
      setStatus((current) => (current === 'restoring' ? (outcome === 'ok' ? 'signed-in' : 'signed-out') : current));
    });
    return () => {
      cancelled = true;
    };
  }, []);

  // Refresh a minute before the ID token expires; every new set of tokens reschedules.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      const outcome = await refreshSession();
      if (outcome === 'unauthenticated') void signOut('expired');
      else if (outcome === 'failed' && tokenStore.get()) timer = setTimeout(run, REFRESH_RETRY_MS);
    };
    const schedule = () => {
      clearTimeout(timer);
      const tokens = tokenStore.get();
      if (tokens) timer = setTimeout(run, refreshDelayMs(tokens.expiresAt, Date.now()));
    };
    const unsubscribe = tokenStore.subscribe(schedule);
    schedule();
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [signOut]);

  useEffect(() => {
    setUnauthenticatedHandler(() => void signOut('expired'));
    return () => setUnauthenticatedHandler(null);
  }, [signOut]);

  const onIdle = useCallback(() => void signOut('idle'), [signOut]);
  const onSignOutNow = useCallback(() => void signOut('user'), [signOut]);

  const value = useMemo<SessionContextValue>(
    () => ({
      status,
      notice,
      startSession,
      signOut,
      clearNotice: () => setNotice(null),
      accessToken: () => tokenStore.get()?.accessToken ?? null,
    }),
    [status, notice, startSession, signOut],
  );

  return (
    <SessionContext.Provider value={value}>
      {children}
      {status === 'signed-in' && (
        <IdleSignOut timeoutMs={idleTimeoutMs} warningMs={idleWarningMs} onIdle={onIdle} onSignOutNow={onSignOutNow} />
      )}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionContextValue {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession must be used inside <SessionProvider>.');
  return context;
}
