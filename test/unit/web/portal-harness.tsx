/**
 * Renders the whole portal (real routes, session, query client) over a fake API: `fetch` is a vi.fn() that
 * answers by "METHOD /path" from a table of handlers.
 */
import { render } from '@testing-library/react';
import { StrictMode } from 'react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { createQueryClient } from '../../../web/src/api/query-client';
import { App } from '../../../web/src/App';
import type { DocumentSummary, Me, Page, PracticePatient, SessionTokens } from '../../../web/src/domain';
import { routes } from '../../../web/src/routes';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
}

export type FakeHandler = FakeResponse | ((request: FakeRequest) => FakeResponse | Promise<FakeResponse>);

export const ok = (body: unknown, status = 200): FakeResponse => ({ status, body });
export const noContent = (): FakeResponse => ({ status: 204 });
export const apiError = (status: number, code: string, message: string, extra: Record<string, unknown> = {}): FakeResponse => ({
  status,
  body: { error: { code, message, ...extra } },
});

let tokenCounter = 0;
export function tokens(expiresIn = 900): SessionTokens {
  tokenCounter += 1;
  return { idToken: `id-token-${tokenCounter}`, accessToken: `access-token-${tokenCounter}`, expiresIn };
}
export const signedIn = (t: SessionTokens = tokens()) => ok({ status: 'signed-in', tokens: t });
export const noSession = () => apiError(401, 'unauthenticated', 'Sign in to continue.');

export function page<T>(items: T[], nextCursor?: string): Page<T> {
  return nextCursor ? { items, nextCursor } : { items };
}

export const patientMe: Me = {
  accountId: 'acc-patient-1',
  email: 'pat@example.org',
  role: 'patient',
  links: [{ practiceId: 'prac-1', practiceName: 'Riverside Family Medicine', patientId: 'pat-1', linkedAt: '2025-01-15T10:00:00Z' }],
};

export const staffMe: Me = {
  accountId: 'acc-staff-1',
  email: 'staff@riverside.example',
  role: 'staff',
  practice: { practiceId: 'prac-1', name: 'Riverside Family Medicine' },
  links: [],
};

export const adminMe: Me = { ...staffMe, accountId: 'acc-admin-1', email: 'admin@riverside.example', role: 'admin' };

export function practicePatient(overrides: Partial<PracticePatient> = {}): PracticePatient {
  return {
    patientId: 'pat-1',
    practiceId: 'prac-1',
    mrn: 'MRN-001',
    givenName: 'Ada',
    familyName: 'Lovelace',
    birthDate: '1984-03-27',
    status: 'invited',
    createdAt: '2025-01-10T09:00:00Z',
    invitationExpiresAt: '2099-01-01T00:00:00Z',
    ...overrides,
  };
}

export function documentSummary(overrides: Partial<DocumentSummary> = {}): DocumentSummary {
  return {
    documentId: 'doc-1',
    patientId: 'pat-1',
    practiceId: 'prac-1',
    practiceName: 'Riverside Family Medicine',
    title: 'Visit summary',
    kind: 'ccda',
    contentType: 'application/xml',
    size: 20480,
    sha256: 'a'.repeat(64),
    date: '2025-02-01',
    createdAt: '2025-02-01T12:00:00Z',
    ...overrides,
  };
}

/** Replaces global fetch with a vi.fn() answering from `handlers`; unknown routes get a 404 error body. */
export function fakeApi(handlers: Record<string, FakeHandler>) {
  const requests: FakeRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input), 'http://portal.test');
    const method = (init?.method ?? 'GET').toUpperCase();
    const request: FakeRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const handler = handlers[`${method} ${url.pathname}`];
    const answer = handler === undefined ? apiError(404, 'not_found', 'Not found.') : typeof handler === 'function' ? await handler(request) : handler;
    if (answer.status === 204) return new Response(null, { status: 204 });
    return new Response(JSON.stringify(answer.body ?? {}), { status: answer.status, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    fetchMock,
    requests,
    /** The requests made to one route, e.g. calls('POST /api/auth/refresh'). */
    calls: (route: string) => requests.filter((r) => `${r.method} ${r.path}` === route),
  };
}

export interface RenderPortalOptions {
  path?: string;
  /** Pass when fake timers are on. */
  advanceTimers?: (ms: number) => unknown;
}

export function renderPortal({ path = '/', advanceTimers }: RenderPortalOptions = {}) {
  const queryClient = createQueryClient({ retry: false });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const user = userEvent.setup(advanceTimers ? { advanceTimers } : {});
  // StrictMode as in main.tsx: effects run twice in development, and the session logic must cope.
  const view = render(
    <StrictMode>
      <App queryClient={queryClient} router={router} />
    </StrictMode>,
  );
  return { ...view, user, router, queryClient };
}
