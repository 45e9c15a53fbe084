import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/** The portal started by the global set-up. */
export const portalUrl = () => process.env.PORTAL_E2E_URL!;

/** Every spec calls this first: without Chromium (a user's clone) the browser tests say they were skipped. */
export function skipWithoutChromium(): void {
  test.skip(() => process.env.PORTAL_E2E_SKIP === 'no-chromium', 'no Chromium on this machine');
}

/** Collects CSP violations and uncaught page errors: the production headers must not break the portal. */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/** WCAG 2.1 A and AA, as axe-core checks them. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.length} node(s)`)).toEqual([]);
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(portalUrl());
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
