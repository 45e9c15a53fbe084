import { expect, test } from '@playwright/test';
import { expectAccessible, portalUrl, signIn, skipWithoutChromium, watchPage } from './support';

const url = portalUrl;
skipWithoutChromium();

test('the demo patient signs in and sees their practices and records on the home page', async ({ page }) => {
  const problems = watchPage(page);
  await page.goto(url());
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/screens/sign-in.png', fullPage: true });

  await signIn(page, 'alex.rivera@example.com', 'Alex-Patient-2026!');

  await expect(page.getByRole('heading', { name: 'Your records', exact: true })).toBeVisible();
  const main = page.getByRole('main');
  // The practice names also fill the documents' practice filter (hidden options): look in the practices card.
  const practices = main.getByRole('region', { name: 'Your practices' });
  await expect(practices.getByText('Maple Grove Family Medicine')).toBeVisible();
  await expect(practices.getByText('Riverside Cardiology Associates')).toBeVisible();
  await expect(main.getByRole('table').first()).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/screens/patient-home.png', fullPage: true });

  const stored = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
  expect(stored).not.toMatch(/eyJ/);
  const cookies = await page.context().cookies();
  expect(cookies.filter((c) => c.name === 'portal_refresh').every((c) => c.httpOnly && c.sameSite === 'Strict')).toBe(true);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Your records', exact: true })).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('a wrong password is refused with a readable message', async ({ page }) => {
  await signIn(page, 'alex.rivera@example.com', 'not-the-password');
  await expect(page.getByRole('alert')).toContainText(/e-mail address or password is not correct/i);
  await page.screenshot({ path: 'test-results/screens/sign-in-error.png', fullPage: true });
});

test('a practice admin registers a patient and is shown the invitation code once', async ({ page }) => {
  const problems = watchPage(page);
  await signIn(page, 'admin@maplegrove.example', 'Maple-Admin-2026!');
  await expect(page.getByRole('main').getByText('Maple Grove Family Medicine').first()).toBeVisible();
  await expect(page.getByText('Okafor').first()).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/screens/practice-home.png', fullPage: true });

  await page.getByLabel('Given name').fill('Noor');
  await page.getByLabel('Family name').fill('Haddad');
  await page.getByLabel(/Date of birth/).first().fill('1988-12-01');
  await page.getByLabel('MRN').fill('MG-200001');
  await page.getByRole('button', { name: /Register/ }).click();

  await expect(page.getByText(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/invitation-code.png', fullPage: true });
  expect(problems).toEqual([]);
});
