import { expect, test } from '@playwright/test';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { signIn, skipWithoutChromium, watchPage } from './support';

skipWithoutChromium();

const MiB = 1024 * 1024;

/** A real PDF of about 12 MB (a scan's worth of incompressible bytes as an attachment): three 5 MiB parts on the e2e stack. */
async function scannedChart(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const sheet = pdf.addPage([595, 842]);
  sheet.drawText('Scanned chart for Sam Chen (MRN MG-100377)', { x: 50, y: 780, size: 16, font });
  await pdf.attach(randomBytes(12 * 1000 * 1000), 'scan.bin', { mimeType: 'application/octet-stream' });
  return Buffer.from(await pdf.save());
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

test('staff upload a file in parts with progress, and the patient downloads it intact', async ({ page }) => {
  test.setTimeout(120_000);
  const problems = watchPage(page);
  const chart = await scannedChart();
  expect(chart.length).toBeGreaterThan(10 * MiB);
  expect(chart.length).toBeLessThanOrEqual(15 * MiB);
  const title = `Scanned chart ${Date.now().toString(36)}`;

  // Every PUT of a part, and whether storage let the page read its ETag.
  const partPuts: string[] = [];
  const exposed: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'PUT' && /[?&]partNumber=\d+/.test(request.url())) partPuts.push(new URL(request.url()).searchParams.get('partNumber')!);
  });
  page.on('response', (response) => {
    if (response.request().method() === 'PUT' && /[?&]partNumber=\d+/.test(response.url())) exposed.push(response.headers()['access-control-expose-headers'] ?? '');
  });

  await signIn(page, 'staff@maplegrove.example', 'Maple-Staff-2026!');
  await page.getByRole('link', { name: 'Sam Chen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sam Chen' })).toBeVisible();

  // A practice's uplink rather than the loopback: slow enough to watch the progress (12 MB in about 4 s).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 3 * MiB });

  const upload = page.getByRole('region', { name: 'Upload records' });
  await upload.getByLabel('Files to upload').setInputFiles([{ name: 'chart.pdf', mimeType: 'application/pdf', buffer: chart }]);
  await upload.getByLabel('Title (optional)').fill(title);
  // And a slow computer's CPU while hashing, which otherwise takes a fraction of a second for 12 MB.
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
  await upload.getByRole('button', { name: 'Upload 1 file' }).click();

  const row = upload.getByRole('list', { name: 'Files' }).getByRole('listitem').filter({ hasText: 'chart.pdf' });
  await expect(row.getByRole('progressbar', { name: 'Hashing progress of chart.pdf' })).toBeVisible();
  await expect(row).toContainText(/Hashing \d+%/);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const progress = row.getByRole('progressbar', { name: 'Upload progress of chart.pdf' });
  await expect(progress).toBeVisible({ timeout: 30_000 });
  // Part way: some bytes sent, not all.
  await expect.poll(async () => Number(await progress.getAttribute('value')), { timeout: 30_000 }).toBeGreaterThan(20);
  await expect(row).toContainText(/Uploading \d+%/);
  await page.screenshot({ path: 'test-results/screens/upload-multipart-progress.png', fullPage: true });

  await expect(row).toContainText('Accepted', { timeout: 60_000 });
  await expect(row).toContainText(title);
  await expect(upload.getByRole('status')).toHaveText('1 file accepted');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.screenshot({ path: 'test-results/screens/upload-multipart-done.png', fullPage: true });
  expect(partPuts.sort()).toEqual(['1', '2', '3']);
  for (const header of exposed) expect(header).toMatch(/\bETag\b/i);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();

  // Patient: the assembled file downloads byte for byte
  await signIn(page, 'sam.chen@example.com', 'Sam-Patient-2026!');
  const records = page.getByRole('region', { name: 'Your records', exact: true });
  await expect(records.getByRole('rowheader', { name: title })).toBeVisible();
  const downloading = page.waitForEvent('download');
  await records.getByRole('button', { name: new RegExp(`^Download ${title},`) }).click();
  const download = await downloading;
  expect(sha256(await readFile(await download.path()))).toBe(sha256(chart));
  expect(problems).toEqual([]);
});
