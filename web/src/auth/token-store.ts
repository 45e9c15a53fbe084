import type { SessionTokens } from '../domain';

/** The tokens of the signed-in person, with the moment the ID token stops being accepted. */
export interface StoredTokens {
  readonly idToken: string;
  readonly accessToken: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

let current: StoredTokens | null = null;
/** Bumped by every clear(), so that a refresh started before a sign-out cannot bring the session back. */
let generation = 0;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

/**
 * The only place tokens live: a module variable, in memory. Never localStorage, sessionStorage, IndexedDB,
 * cookies or URLs (ONC 170.315(d)(7)): a reload forgets them, and the HttpOnly refresh cookie restores the session.
 */
export const tokenStore = {
  get(): StoredTokens | null {
    return current;
  },
  set(tokens: SessionTokens, now: number = Date.now()): void {
    current = Object.freeze({
      idToken: tokens.idToken,
      accessToken: tokens.accessToken,
      expiresAt: now + tokens.expiresIn * 1000,
    });
    notify();
  },
  clear(): void {
    current = null;
    generation += 1;
    notify();
  },
  generation(): number {
    return generation;
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};
