import { expect, test } from '@playwright/test';
import { expectAccessible, portalUrl, signIn, skipWithoutChromium, watchPage } from './support';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const url = portalUrl;
skipWithoutChromium();

async function referralLetter(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const sheet = pdf.addPage([595, 842]);
  sheet.drawText('Referral letter for Sam Chen (MRN MG-100377)', { x: 50, y: 780, size: 16, font });
  sheet.drawText('Please see this patient for a cardiology consultation.', { x: 50, y: 750, size: 12, font });
  return Buffer.from(await pdf.save());
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

test('staff upload a PDF for a patient, a disguised program is refused, and the patient downloads the PDF intact', async ({ page }) => {
  const problems = watchPage(page);
  const letter = await referralLetter();
  // Unique per run (the local stack's data outlives a test), and short enough to read on a screenshot.
  const title = `Referral letter ${Date.now().toString(36)}`;

  // Staff: open Sam Chen's page and upload two files at once
  await signIn(page, 'staff@maplegrove.example', 'Maple-Staff-2026!');
  await page.getByRole('link', { name: 'Sam Chen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sam Chen' })).toBeVisible();
  const upload = page.getByRole('region', { name: 'Upload records' });
  await upload.getByLabel('Files to upload').setInputFiles([
    { name: 'referral.pdf', mimeType: 'application/pdf', buffer: letter },
    { name: 'bad.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(1022)]) },
  ]);
  await upload.getByLabel('Title (optional)').fill(title);
  await upload.getByRole('button', { name: 'Upload 2 files' }).click();

  const rows = upload.getByRole('list', { name: 'Files' }).getByRole('listitem');
  const good = rows.filter({ hasText: 'referral.pdf' });
  const bad = rows.filter({ hasText: 'bad.pdf' });
  await expect(good).toContainText('Accepted', { timeout: 30_000 });
  await expect(good).toContainText(title);
  await expect(bad).toContainText('Refused:', { timeout: 30_000 });
  await expect(bad).toContainText(/Windows program/i);
  await expect(upload.getByRole('status')).toHaveText('1 file accepted, 1 refused');
  await expect(page.getByRole('region', { name: 'Records', exact: true }).getByRole('rowheader', { name: title })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/screens/upload.png', fullPage: true });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();

  // Patient: the new record is there, and downloads byte for byte
  await signIn(page, 'sam.chen@example.com', 'Sam-Patient-2026!');
  const records = page.getByRole('region', { name: 'Your records', exact: true });
  await expect(records.getByRole('rowheader', { name: title })).toBeVisible();
  const downloading = page.waitForEvent('download');
  await records.getByRole('button', { name: new RegExp(`^Download ${title},`) }).click();
  const download = await downloading;
  const path = await download.path();
  expect(sha256(await readFile(path))).toBe(sha256(letter));
  await page.screenshot({ path: 'test-results/screens/patient-download.png', fullPage: true });
  expect(problems).toEqual([]);
});
