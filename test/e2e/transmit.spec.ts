import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { latestMail, linksIn } from '../support/outbox';
import { expectAccessible, portalUrl, signIn, skipWithoutChromium, watchPage } from './support';

skipWithoutChromium();

/**
 * Sending a copy (HIPAA 164.524(c)(3)(ii), ONC 170.315(e)(1)) from both sides, in two browsers: the patient signs a
 * directive at /send; the third party, who has no account, opens the e-mailed link from the local outbox, enters
 * the access code the patient passed on, downloads every file and checks it against the manifest, and confirms
 * receipt; the patient follows it all on the transmission's page, and revokes a second copy whose link then ends.
 */

const PATIENT = { name: 'Alex Rivera', email: 'alex.rivera@example.com', password: 'Alex-Patient-2026!' };
const DAY_MS = 86_400_000;
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface ManifestEntry {
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}
interface Sent {
  transmissionId: string;
  accessCode?: string;
  manifest: ManifestEntry[];
  archive?: ManifestEntry;
}

async function patientBrowser(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchPage(page);
  await signIn(page, PATIENT.email, PATIENT.password);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Send my records' })).toBeVisible();
  return { page, problems, close: () => context.close() };
}

/** The recipient's own browser: no session, no cookies; every request URL it makes is kept to check for the token. */
async function recipientBrowser(browser: Browser) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const problems = watchPage(page);
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  return { page, problems, requested, close: () => context.close() };
}

/** The patient fills /send and signs; answers what the API created (its manifest, and the code shown once). */
async function sendRecords(page: Page, options: { recipient: string; email: string; from: string; to: string; withCode: boolean }): Promise<Sent> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Send my records' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Send my records' })).toBeVisible();
  await page.getByLabel('Their name').fill(options.recipient);
  await page.getByLabel('Organisation (optional)').fill('Lakeside Cardiology');
  await page.getByLabel('Their e-mail address').fill(options.email);
  await page.getByRole('radio', { name: 'Records from a period of time' }).check();
  await page.getByLabel('From', { exact: true }).fill(options.from);
  await page.getByLabel('To', { exact: true }).fill(options.to);
  await page.getByRole('checkbox', { name: 'FHIR R4 Bundle' }).check();
  await page.getByRole('checkbox', { name: 'C-CDA CCD' }).check();
  await page.getByLabel('Purpose', { exact: true }).fill('Referral to cardiology');
  if (!options.withCode) await page.getByRole('radio', { name: 'E-mail link only' }).check();
  await page.getByLabel('Your full name').fill(PATIENT.name);
  await page.getByRole('checkbox', { name: /^I direct / }).check();
  const created = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/me/transmissions');
  await page.getByRole('button', { name: 'Send my records' }).click();
  const answer = await created;
  expect(answer.status()).toBe(201);
  const sent = (await answer.json()) as Sent;
  await expect(page.getByRole('heading', { level: 1, name: 'Your records are on their way' })).toBeVisible({ timeout: 30_000 });
  if (options.withCode) await expect(page.locator('.transmission-code')).toHaveText(sent.accessCode!);
  return sent;
}

/** The link in the newest notice to this address: `<portal>/receive#<token>`. */
async function linkFor(email: string, since: Date): Promise<{ link: string; token: string }> {
  const mail = await latestMail(portalUrl(), { to: email, tag: 'transmission.sent', since });
  const link = linksIn(mail).find((l) => new URL(l).pathname === '/receive')!;
  const token = new URL(link).hash.slice(1);
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return { link, token };
}

const fact = (page: Page, term: string) => page.locator('.receive-facts__row').filter({ has: page.getByText(term, { exact: true }) }).locator('dd');

test('a date range, sent with a code: the recipient unlocks it, checks every file against the manifest and confirms; the patient sees it', async ({ browser }) => {
  test.setTimeout(150_000);
  const started = new Date();
  const email = `jordan.lee+${started.getTime()}@lakeside.example`;
  const patient = await patientBrowser(browser);
  const recipient = await recipientBrowser(browser);
  const rx = recipient.page;

  // The patient: a year of records, as PDF, FHIR and C-CDA, with an access code
  const sent = await sendRecords(patient.page, { recipient: 'Dr. Jordan Lee', email, from: ymd(Date.now() - 365 * DAY_MS), to: ymd(Date.now()), withCode: true });
  expect(sent.accessCode).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  expect(sent.manifest.map((f) => f.name)).toEqual(['health-record.pdf', 'health-record.fhir.json', 'health-record.ccd.xml', 'manifest.json']);
  expect(sent.archive?.name).toBe('health-records.zip');

  // The recipient opens the link: the token leaves the address bar at once; production headers
  const { link, token } = await linkFor(email, started);
  const response = await rx.goto(link);
  expect(response?.headers()['referrer-policy']).toBe('no-referrer');
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(rx.getByRole('heading', { level: 1, name: 'Enter the access code' })).toBeVisible();
  expect(rx.url()).toBe(`${portalUrl()}/receive`);
  expect(await rx.evaluate(() => window.location.hash + JSON.stringify(history.state))).not.toContain(token);
  await expect(rx.getByRole('main')).not.toContainText(/Alex|Rivera|cardiology/i);
  await expectAccessible(rx);
  await rx.screenshot({ path: 'test-results/screens/rx-code.png', fullPage: true });

  // A wrong code: the tries left
  await rx.getByLabel('Access code').fill('ZZZZZ-ZZZZZ');
  await rx.getByRole('button', { name: 'Open the records' }).click();
  await expect(rx.getByRole('alert')).toContainText('That access code is not right. 4 tries are left before this link locks.');
  await expect(rx.getByRole('main')).not.toContainText(/Alex|Rivera/);
  await expectAccessible(rx);
  await rx.screenshot({ path: 'test-results/screens/rx-wrong-code.png', fullPage: true });

  // The right one, in lower case without its dash: who sent what, for whom and why
  await rx.getByLabel('Access code').fill(sent.accessCode!.replace('-', '').toLowerCase());
  await rx.getByRole('button', { name: 'Open the records' }).click();
  await expect(rx.getByRole('heading', { level: 1, name: 'Health records sent to you' })).toBeVisible();
  await expect(rx.getByText(/^From Alex Rivera \(signed [A-Z][a-z]{2} \d{1,2}, \d{4}\)$/)).toBeVisible();
  await expect(fact(rx, 'Sent to')).toHaveText('Dr. Jordan Lee, Lakeside Cardiology');
  await expect(fact(rx, 'Purpose')).toHaveText('Referral to cardiology');
  await expect(fact(rx, 'What it contains')).not.toBeEmpty();
  await expect(fact(rx, 'Downloads left')).toHaveText('10');
  await expect(rx).toHaveTitle('Records sent to you – Open Patient Portal');
  await expectAccessible(rx);
  await rx.screenshot({ path: 'test-results/screens/rx-package.png', fullPage: true });
  await rx.setViewportSize({ width: 390, height: 844 });
  // On a phone only the file table scrolls sideways, never the page.
  expect(await rx.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectAccessible(rx);
  await rx.screenshot({ path: 'test-results/screens/rx-package-narrow.png', fullPage: true });
  await rx.setViewportSize({ width: 1280, height: 720 });

  // Every file: the hash on the page is the API's, and the saved file has that hash
  const table = rx.getByRole('table', { name: 'Files in this package' });
  let left = 10;
  for (const file of sent.manifest) {
    const row = table.getByRole('row').filter({ has: rx.getByRole('rowheader', { name: new RegExp(`^${file.name.replace(/\./g, '\\.')}`) }) });
    await expect(row.locator('code')).toHaveText(file.sha256);
    const downloading = rx.waitForEvent('download');
    await row.getByRole('button', { name: `Download ${file.name}` }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(file.name);
    expect(sha256(await readFile(await download.path()))).toBe(file.sha256);
    left -= 1;
    await expect(rx.getByRole('status').filter({ hasText: `${file.name} is downloading.` })).toContainText(`${left} downloads left.`);
    await expect(fact(rx, 'Downloads left')).toHaveText(String(left));
  }
  // …and everything as one zip, whose entries are the same files
  const archive = sent.archive!;
  await expect(rx.locator('.receive-archive code')).toHaveText(archive.sha256);
  const zipping = rx.waitForEvent('download');
  await rx.getByRole('button', { name: 'Download everything (.zip)' }).click();
  const zip = await readFile(await (await zipping).path());
  expect(sha256(zip)).toBe(archive.sha256);
  const entries = unzipSync(zip);
  expect(Object.keys(entries).sort()).toEqual(sent.manifest.map((f) => f.name).sort());
  for (const file of sent.manifest) expect(sha256(entries[file.name]!), file.name).toBe(file.sha256);
  await expect(fact(rx, 'Downloads left')).toHaveText(String(left - 1));

  // Receipt, once
  await rx.getByRole('button', { name: 'Confirm I received these records' }).click();
  await expect(rx.getByRole('status').filter({ hasText: 'Receipt confirmed on' })).toBeVisible();
  await expect(rx.getByRole('button', { name: 'Confirm I received these records' })).toHaveCount(0);
  await expectAccessible(rx);
  await rx.screenshot({ path: 'test-results/screens/rx-confirmed.png', fullPage: true });

  // A reload cannot reopen it: the token was in memory only
  await rx.reload();
  await expect(rx.getByRole('heading', { level: 1, name: 'Open the link from your e-mail' })).toBeVisible();
  await expectAccessible(rx);
  await rx.screenshot({ path: 'test-results/screens/rx-reloaded.png', fullPage: true });
  expect(recipient.requested.filter((u) => u.includes(token))).toEqual([]);
  expect(recipient.problems).toEqual([]);

  // The patient: opened, code failed, unlocked, each download, confirmed
  const page = patient.page;
  await page.getByRole('link', { name: 'See this copy' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Copy sent to Dr. Jordan Lee' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(`/transmissions/${sent.transmissionId}`);
  await page.reload();
  const timeline = page.getByRole('list').filter({ has: page.getByRole('heading', { name: 'The link was opened' }) });
  await expect(timeline).toContainText('A wrong access code was entered');
  await expect(timeline).toContainText('The right access code was entered');
  for (const file of [...sent.manifest, archive]) await expect(timeline.getByRole('heading', { name: `Downloaded: ${file.name}` })).toBeVisible();
  await expect(timeline.getByRole('heading', { name: 'The recipient confirmed they received your records' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Dr. Jordan Lee confirmed they received your records on' })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/screens/rx-patient-sees.png', fullPage: true });
  expect(patient.problems).toEqual([]);

  await recipient.close();
  await patient.close();
});

test('a revoked copy: its link shows the withdrawn page (410); an unknown link shows the "not valid" page (404)', async ({ browser }) => {
  test.setTimeout(120_000);
  const started = new Date();
  const email = `records+${started.getTime()}@lakeside.example`;
  const patient = await patientBrowser(browser);
  const recipient = await recipientBrowser(browser);
  const rx = recipient.page;

  // The patient sends a copy without a code, then revokes it
  const sent = await sendRecords(patient.page, { recipient: 'Lakeside Records Desk', email, from: ymd(Date.now() - 90 * DAY_MS), to: ymd(Date.now()), withCode: false });
  expect(sent.accessCode).toBeUndefined();
  const page = patient.page;
  await page.getByRole('link', { name: 'See this copy' }).click();
  await page.getByRole('button', { name: 'Revoke', exact: true }).click();
  await page.getByRole('button', { name: 'Yes, revoke the link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You revoked the link.' })).toBeVisible();

  // The recipient opens it: 410, and the page says what happened and what to do, nothing about the records
  const { link, token } = await linkFor(email, started);
  const opened = rx.waitForResponse((r) => new URL(r.url()).pathname === '/api/recipient/open');
  await rx.goto(link);
  const answer = await opened;
  expect(answer.status()).toBe(410);
  expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('link_revoked');
  await expect(rx.getByRole('heading', { level: 1, name: 'These records have been withdrawn' })).toBeVisible();
  await expect(rx.getByRole('main')).toContainText('ask the person who sent them to send them again');
  await expect(rx.getByRole('main')).not.toContainText(/Alex|Rivera|Lakeside|Referral/);
  expect(rx.url()).toBe(`${portalUrl()}/receive`);
  await expectAccessible(rx);
  await rx.screenshot({ path: 'test-results/screens/rx-revoked.png', fullPage: true });

  // A link that never existed: 404
  const unknown = rx.waitForResponse((r) => new URL(r.url()).pathname === '/api/recipient/open');
  await rx.goto(`${portalUrl()}/receive#${'A'.repeat(43)}`);
  expect((await unknown).status()).toBe(404);
  await expect(rx.getByRole('heading', { level: 1, name: 'This link is not valid' })).toBeVisible();
  await expectAccessible(rx);
  await rx.screenshot({ path: 'test-results/screens/rx-invalid.png', fullPage: true });

  expect(recipient.requested.filter((u) => u.includes(token) || u.includes('A'.repeat(43)))).toEqual([]);
  expect(recipient.problems).toEqual([]);
  expect(patient.problems).toEqual([]);
  await recipient.close();
  await patient.close();
});
