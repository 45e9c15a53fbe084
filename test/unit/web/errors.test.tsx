// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../web/src/api/api-error';
import { RouteErrorPage } from '../../../web/src/pages/errors/RouteErrorPage';
import { fakeApi, noSession, renderPortal } from './portal-harness';

function Broken(): never {
  throw new ApiError({ status: 500, code: 'internal', message: 'Something failed.', requestId: 'req-42' });
}

describe('error pages', () => {
  it('shows a page-not-found page for unknown addresses', async () => {
    // Prepare
    fakeApi({ 'POST /api/auth/refresh': noSession() });

    // Act
    renderPortal({ path: '/no/such/page' });

    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the home page' })).toHaveAttribute('href', '/');
    expect(document.title).toBe('Page not found – Open Patient Portal');
  });

  it('shows "Something went wrong" with the request id when a page fails', async () => {
    // Prepare
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const router = createMemoryRouter([{ path: '/', element: <Broken />, errorElement: <RouteErrorPage standalone /> }]);

    // Act
    render(<RouterProvider router={router} />);

    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Something went wrong' })).toBeInTheDocument();
    expect(screen.getByText('req-42')).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
  });
});
