import { expect, test } from '@playwright/test';
import { generateDemoRecords } from '../../shared/demo/generate';
import { expectAccessible, signIn, skipWithoutChromium, watchPage } from './support';

skipWithoutChromium();

const ALEX = { givenName: 'Alex', familyName: 'Rivera', birthDate: '1984-03-12', gender: 'female', mrn: 'MG-100234' } as const;
const MAPLE_GROVE = {
  name: 'Maple Grove Family Medicine',
  phone: '(555) 014-2200',
  address: { line: '410 Orchard Lane', city: 'Springfield', state: 'IL', postalCode: '62704' },
  clinician: { givenName: 'Priya', familyName: 'Raman', npi: '1234567893' },
};

test('the patient reads the structured record: summary, a class page, and lab results with charts', async ({ page }) => {
  test.setTimeout(120_000);
  const problems = watchPage(page);
  const documents = await generateDemoRecords(ALEX, MAPLE_GROVE, { seed: 'record-views', visits: 4 });
  const bundle = documents.find((d) => d.kind === 'fhir')!;

  // Staff: the demo seed stores documents without structured items, so upload the FHIR bundle for Alex Rivera
  await signIn(page, 'staff@maplegrove.example', 'Maple-Staff-2026!');
  await page.getByRole('link', { name: 'Alex Rivera' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Alex Rivera' })).toBeVisible();
  const upload = page.getByRole('region', { name: 'Upload records' });
  await upload.getByLabel('Files to upload').setInputFiles([{ name: 'alex.json', mimeType: 'application/fhir+json', buffer: Buffer.from(bundle.bytes) }]);
  await upload.getByRole('button', { name: 'Upload 1 file' }).click();
  await expect(upload.getByRole('list', { name: 'Files' }).getByRole('listitem').filter({ hasText: 'alex.json' })).toContainText('Accepted', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();

  // Patient: the summary, from the home page
  await signIn(page, 'alex.rivera@example.com', 'Alex-Patient-2026!');
  await page.getByRole('link', { name: 'Open your health record' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your health record' })).toBeVisible();
  await expect(page).toHaveTitle(/^Your health record – /);
  const problemsCard = page.getByRole('region', { name: 'Health problems' });
  await expect(problemsCard.getByRole('listitem').first()).toBeVisible();
  await expect(problemsCard).toContainText('Maple Grove Family Medicine');
  const labsCard = page.getByRole('region', { name: 'Lab results' });
  await expect(labsCard.getByRole('link', { name: /^See all/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Care team' })).toContainText(/No care teams yet|See all/);
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/screens/record-summary.png', fullPage: true });

  // A class page: health problems, with the source practice on each row
  await problemsCard.getByRole('link', { name: /^See all/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Health problems' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Your record' });
  await expect(nav.getByRole('link', { name: 'Health problems' })).toHaveAttribute('aria-current', 'page');
  const problemRows = page.getByRole('list', { name: 'Health problems' }).getByRole('listitem');
  await expect(problemRows.first()).toContainText('Maple Grove Family Medicine');
  await expect(page.getByText(/^Showing \d+ health problems?/)).toBeVisible();

  // Lab results: rows with ranges and flags, and a chart per test with the normal range shaded
  await nav.getByRole('link', { name: 'Lab results' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lab results' })).toBeVisible();
  await expect(page).toHaveTitle(/^Lab results – /);
  const trends = page.getByRole('region', { name: 'Trends' });
  const charts = trends.getByRole('figure');
  await expect(charts.first()).toBeVisible();
  expect(await charts.count()).toBeGreaterThan(0);
  await expect(trends.getByTestId('reference-band').first()).toBeAttached();
  await expect(page.getByRole('list', { name: 'Lab results' })).toContainText('Normal range');
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/screens/record-labs.png', fullPage: true });
  await trends.screenshot({ path: 'test-results/screens/record-trends.png' });

  // The values behind a chart, for anyone who would rather read them
  await charts.first().getByRole('button', { name: /^Show the values/ }).click();
  await expect(charts.first().getByRole('table')).toBeVisible();

  // Vital signs: blood pressure as two lines
  await nav.getByRole('link', { name: 'Vital signs' }).click();
  const bp = page.getByRole('figure', { name: 'Blood pressure (mmHg)' });
  await expect(bp).toBeVisible();
  await expect(bp.getByTestId('chart-line')).toHaveCount(2);
  await page.screenshot({ path: 'test-results/screens/record-vitals.png', fullPage: true });

  // The timeline
  await nav.getByRole('link', { name: 'Timeline' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Timeline' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2 }).first()).toHaveText(/^[A-Z][a-z]+ \d{4}$/);
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/screens/record-timeline.png' });

  // Narrow screens: the same lab page on a phone
  await page.setViewportSize({ width: 390, height: 844 });
  await nav.getByRole('link', { name: 'Lab results' }).click();
  const phoneChart = page.getByRole('region', { name: 'Trends' }).getByRole('figure').first();
  await expect(phoneChart).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/record-labs-mobile.png', fullPage: false });
  await phoneChart.screenshot({ path: 'test-results/screens/record-chart-mobile.png' });
  // Nothing sticks out sideways on a phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(problems).toEqual([]);
});
