import { stat } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { expectAccessible, signIn, skipWithoutChromium, watchPage } from './support';

skipWithoutChromium();

test('the patient reads documents in the portal and downloads the whole record in each format', async ({ page }) => {
  test.setTimeout(120_000);
  const problems = watchPage(page);

  await signIn(page, 'alex.rivera@example.com', 'Alex-Patient-2026!');
  const records = page.getByRole('region', { name: 'Your records, newest first' });

  // A C-CDA, readable: the header, then a heading and the narrative table per section
  await records.getByRole('link', { name: /^Continuity of Care Document from / }).first().click();
  await expect(page).toHaveURL(/\/documents\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name: /^Continuity of Care Document from / })).toBeVisible();
  await expect(page).toHaveTitle(/^Document – /);
  await expect(page.getByRole('heading', { level: 2, name: 'Problems' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 2, name: 'Medications' })).toBeVisible();
  await expect(page.getByRole('table').first()).toBeVisible();
  await expect(page.getByRole('button', { name: /^Download Continuity of Care Document/ })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/screens/viewer-ccda.png', fullPage: true });

  // A PDF, in a frame
  await page.getByRole('link', { name: '← Back to your records' }).click();
  await records.getByRole('link', { name: /^Visit summary, / }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^Visit summary, / })).toBeVisible();
  const frame = page.locator('iframe.viewer__frame');
  await expect(frame).toBeVisible({ timeout: 20_000 });
  await expect(frame).toHaveAttribute('src', /^blob:/);
  await expect(frame).toHaveAttribute('title', /^Visit summary, /);

  // The FHIR bundle, grouped in plain language
  await page.getByRole('link', { name: '← Back to your records' }).click();
  await records.getByRole('link', { name: /^Health record \(FHIR\) from / }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^Health record \(FHIR\) from / })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /^Health problems \(\d+\)$/ })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 2, name: /^Medications \(\d+\)$/ })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/screens/viewer-fhir.png' });

  // Download your record, in each format
  await page.goto(new URL('/record', page.url()).toString());
  const panel = page.getByRole('region', { name: 'Download your record' });
  await expect(panel).toBeVisible();
  for (const [format, extension] of [
    ['Readable PDF', '.pdf'],
    ['FHIR R4 (JSON)', '.json'],
    ['C-CDA (XML)', '.xml'],
  ] as const) {
    await panel.getByRole('radio', { name: format }).check();
    const downloading = page.waitForEvent('download', { timeout: 30_000 });
    await panel.getByRole('button', { name: 'Download' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(new RegExp(`\\${extension}$`));
    const path = await download.path();
    expect((await stat(path)).size).toBeGreaterThan(0);
    await expect(panel.getByRole('status')).toContainText(/Your file \(\d[\d,]* items?, [\d.,]+ (bytes|KB|MB)\) is downloading\./);
  }

  // A range that ends before it starts is refused before asking the API
  await panel.getByLabel('From').fill('2025-06-01');
  await panel.getByLabel('To').fill('2025-01-01');
  await panel.getByRole('button', { name: 'Download' }).click();
  await expect(panel.getByRole('alert')).toContainText('The "From" date must be on or before the "To" date.');
  await panel.getByLabel('To').fill('2026-12-31');
  await expectAccessible(page);
  await panel.screenshot({ path: 'test-results/screens/export-panel.png' });

  expect(problems).toEqual([]);
});
