// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, noSession, renderPortal } from './portal-harness';

describe('page frame', () => {
  it('has a skip link, landmarks and the product name', async () => {
    // Prepare
    fakeApi({ 'POST /api/auth/refresh': noSession() });
    const { user } = renderPortal({ path: '/sign-in' });
    await screen.findByRole('heading', { level: 1, name: 'Sign in' });

    // Act
    await user.tab();

    // Assess
    const skip = screen.getByRole('link', { name: 'Skip to main content' });
    expect(skip).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('main')).toHaveFocus();
    const banner = screen.getByRole('banner');
    expect(within(banner).getByRole('link', { name: 'Open Patient Portal' })).toHaveAttribute('href', '/');
    expect(within(banner).getByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    expect(screen.getByRole('contentinfo')).toBeInTheDocument();
  });

  it('moves focus to the new page heading after navigating', async () => {
    // Prepare
    fakeApi({ 'POST /api/auth/refresh': noSession() });
    const { user } = renderPortal({ path: '/sign-in' });

    // Act
    await user.click(await screen.findByRole('link', { name: 'Create account' }));

    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Create your account' })).toHaveFocus();
  });
});
