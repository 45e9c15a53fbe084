/**
 * Setup for the portal's unit tests (add to the vitest project as setupFiles, environment jsdom).
 * jest-dom matchers, Testing Library cleanup (needed without `globals: true`), and a clean slate per test.
 */
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { tokenStore } from '../../../web/src/auth/token-store';

afterEach(() => {
  // Harmless in a node-environment test file too, should this setup be shared with other unit tests.
  if (typeof document !== 'undefined') {
    cleanup();
    // A page's title would otherwise carry over into the next test.
    document.title = '';
  }
  tokenStore.clear();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  if (typeof localStorage !== 'undefined') localStorage.clear();
  if (typeof sessionStorage !== 'undefined') sessionStorage.clear();
});
