import { expect, test, type Browser, type Page } from '@playwright/test';
import { generateDemoRecords } from '../../shared/demo/generate';
import { readOutbox, latestMail, linksIn, type OutboxMessage } from '../support/outbox';
import { expectAccessible, portalUrl, signIn, skipWithoutChromium, watchPage } from './support';

skipWithoutChromium();

/**
 * Amendment of the record (HIPAA 164.526) from both sides: the patient asks from a record item, the practice denies
 * (written denial, statement of disagreement, rebuttal) or accepts (amendment, the people named are told), and the
 * record shows the outcome beside the item. Each test uploads its own bundle (its own seed) and works on items of
 * it found by name and date, so that it does not depend on what other specs uploaded for Alex Rivera.
 */

const ALEX = { givenName: 'Alex', familyName: 'Rivera', birthDate: '1984-03-12', gender: 'female', mrn: 'MG-100234' } as const;
const PATIENT = { email: 'alex.rivera@example.com', password: 'Alex-Patient-2026!' };
const STAFF = { email: 'staff@maplegrove.example', password: 'Maple-Staff-2026!' };
const MAPLE_GROVE = {
  name: 'Maple Grove Family Medicine',
  phone: '(555) 014-2200',
  address: { line: '410 Orchard Lane', city: 'Springfield', state: 'IL', postalCode: '62704' },
  clinician: { givenName: 'Priya', familyName: 'Raman', npi: '1234567893' },
};

const DAY_MS = 86_400_000;
const LONG_DAY = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "2024-12-20" as a record row shows it: "Dec 20, 2024". */
const rowDate = (ymd: string) => `${MONTHS[Number(ymd.slice(5, 7)) - 1]} ${Number(ymd.slice(8, 10))}, ${ymd.slice(0, 4)}`;

interface BundleItem {
  /** The row's title: the concept's text. */
  title: string;
  /** The coding's display: what the request's label and the letter name it by. */
  display: string;
  date: string;
}

/** The FHIR bundle of a seeded demo record for Alex at Maple Grove, and its first item of a resource type. */
async function demoBundle(seed: string) {
  const documents = await generateDemoRecords(ALEX, MAPLE_GROVE, { seed, visits: 2 });
  const fhir = documents.find((d) => d.kind === 'fhir')!;
  const bundle = JSON.parse(new TextDecoder().decode(fhir.bytes)) as { entry: Array<{ resource: Record<string, any> }> };
  const first = (resourceType: string, concept: string, dateField: string): BundleItem => {
    const resource = bundle.entry.map((e) => e.resource).find((r) => r.resourceType === resourceType)!;
    return { title: resource[concept].text, display: resource[concept].coding[0].display, date: String(resource[dateField]).slice(0, 10) };
  };
  return { bytes: fhir.bytes, first };
}

/** Staff: upload the bundle on Alex Rivera's page, so that the record has structured items. */
async function uploadForAlex(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.getByRole('link', { name: 'Alex Rivera' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Alex Rivera' })).toBeVisible();
  const upload = page.getByRole('region', { name: 'Upload records' });
  await upload.getByLabel('Files to upload').setInputFiles([{ name, mimeType: 'application/fhir+json', buffer: Buffer.from(bytes) }]);
  await upload.getByRole('button', { name: 'Upload 1 file' }).click();
  await expect(upload.getByRole('list', { name: 'Files' }).getByRole('listitem').filter({ hasText: name })).toContainText('Accepted', { timeout: 30_000 });
}

/** A second browser for the practice, signed in alongside the patient's (each with its own session cookie). */
async function staffBrowser(browser: Browser): Promise<{ staff: Page; problems: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const staff = await context.newPage();
  const problems = watchPage(staff);
  await signIn(staff, STAFF.email, STAFF.password);
  await expect(staff.getByRole('heading', { level: 1, name: MAPLE_GROVE.name })).toBeVisible();
  return { staff, problems, close: () => context.close() };
}

/** The notices carry a link and nothing about the patient or their record. */
function expectNoPhi(mail: OutboxMessage, phi: readonly string[]): void {
  const content = `${mail.subject}\n${mail.text}\n${mail.html ?? ''}`.toLowerCase();
  for (const word of phi) expect(content, `${mail.tag} to ${mail.to} mentions "${word}"`).not.toContain(word.toLowerCase());
}

const requestIdOf = (page: Page) => new URL(page.url()).pathname.split('/').pop()!;

/** A link to one request (in the patient's list or the practice's queue), by where it leads. */
const linkTo = (page: Page, requestId: string) => page.locator(`a[href$="/${requestId}"]`);

test('a denied correction: written denial, statement of disagreement and rebuttal, kept beside the item', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const started = new Date();
  const problems = watchPage(page);
  const bundle = await demoBundle('corrections-deny');
  const problem = bundle.first('Condition', 'code', 'onsetDateTime');
  const { staff, problems: staffProblems, close } = await staffBrowser(browser);
  await uploadForAlex(staff, 'corrections-deny.json', bundle.bytes);

  // Patient: a class page, then "Request a correction" on the item
  await signIn(page, PATIENT.email, PATIENT.password);
  await page.getByRole('link', { name: 'Open your health record' }).click();
  await page.getByRole('region', { name: 'Health problems' }).getByRole('link', { name: /^See all/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Health problems' })).toBeVisible();
  const requestLink = page.getByRole('link', { name: `Request a correction to ${problem.title}, ${rowDate(problem.date)}` });
  await requestLink.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ask for a correction' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'The health problem your request is about' })).toContainText(problem.title);
  const asked = {
    whatIsWrong: `I have never been diagnosed with ${problem.title.toLowerCase()}.`,
    shouldSay: 'This problem should not be in my record.',
    reason: 'My endocrinologist tested me last year and the result was normal.',
  };
  await page.getByLabel('What is wrong').fill(asked.whatIsWrong);
  await page.getByLabel('What should it say').fill(asked.shouldSay);
  await page.getByLabel('Why').fill(asked.reason);
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/screens/corrections-form.png', fullPage: true });
  const sentAt = Date.now();
  await page.getByRole('button', { name: 'Send request' }).click();

  // The request, with the date the practice must answer by (60 days after receipt, in UTC days)
  await expect(page.getByRole('heading', { level: 1, name: 'Your correction request' })).toBeVisible();
  const dueDates = [LONG_DAY.format(sentAt + 60 * DAY_MS), LONG_DAY.format(Date.now() + 60 * DAY_MS)];
  const sent = page.getByRole('status').filter({ hasText: `Your request has been sent to ${MAPLE_GROVE.name}.` });
  await expect(sent).toBeVisible();
  expect(dueDates).toContain((await sent.locator('time').textContent())?.trim());
  await expect(page.getByText(`Waiting for ${MAPLE_GROVE.name} to answer`)).toBeVisible();
  const requestId = requestIdOf(page);
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/screens/corrections-request-patient.png', fullPage: true });

  // Staff: the queue, the request, a denial on a ground with an explanation
  await staff.getByRole('link', { name: 'Corrections', exact: true }).click();
  await expect(staff.getByRole('heading', { level: 1, name: 'Correction requests' })).toBeVisible();
  const queued = staff.getByRole('row').filter({ has: linkTo(staff, requestId) });
  await expect(queued).toContainText('Alex Rivera');
  await expect(queued).toContainText(problem.title);
  await expect(queued).toContainText(/\d+ days left/);
  await expectAccessible(staff);
  await staff.screenshot({ path: 'test-results/screens/corrections-queue.png', fullPage: true });
  await linkTo(staff, requestId).click();
  await expect(staff.getByRole('heading', { level: 1, name: 'Correction request' })).toBeVisible();
  await expect(staff.getByRole('region', { name: 'The request' })).toContainText(asked.whatIsWrong);
  await expectAccessible(staff);
  await staff.screenshot({ path: 'test-results/screens/corrections-request-staff.png', fullPage: true });
  await staff.getByRole('button', { name: 'Deny…' }).click();
  const explanation = 'Your diagnosis was confirmed by two fasting glucose tests at this practice in December 2024.';
  await staff.getByRole('radio', { name: 'Accurate and complete as it is' }).check();
  await staff.getByLabel('Explanation').fill(explanation);
  await staff.getByRole('button', { name: 'Continue' }).click();
  await staff.getByRole('button', { name: 'Deny and send the letter' }).click();
  await expect(staff.getByRole('status')).toContainText('Request denied. The patient has been sent the written denial below.');
  const letter = staff.getByRole('article', { name: 'The written denial, as the patient sees it' });
  await expect(letter).toContainText('Why: We have reviewed the information and it is accurate and complete.');
  await expect(letter).toContainText(explanation);
  await expectAccessible(staff);
  await staff.screenshot({ path: 'test-results/screens/corrections-denied-staff.png', fullPage: true });

  // Patient: from the notice's link, the letter, then a statement of disagreement
  const decided = await latestMail(portalUrl(), { to: PATIENT.email, tag: 'correction.decided', since: started });
  expect(linksIn(decided)).toContain(`${portalUrl()}/corrections/${requestId}`);
  await page.goto(`${portalUrl()}/corrections/${requestId}`);
  await expect(page.getByRole('heading', { level: 3, name: 'Your request was denied' })).toBeVisible();
  await expect(page.getByText(explanation)).toBeVisible();
  await expect(page.getByText(/^You may file a written statement disagreeing with this denial/)).toBeVisible();
  const statement = 'I disagree: my endocrinologist’s tests, which I can send you, show normal glucose.';
  await page.getByLabel('Your statement of disagreement').fill(statement);
  await page.getByRole('button', { name: 'Send my statement' }).click();
  await expect(page.getByRole('status')).toContainText(`Your statement of disagreement was sent to ${MAPLE_GROVE.name}.`);

  // Staff: the statement, and a rebuttal
  await staff.reload();
  const disagreement = staff.getByRole('region', { name: 'Statement of disagreement' });
  await expect(disagreement).toContainText(statement);
  await disagreement.getByRole('button', { name: 'Write a rebuttal' }).click();
  const rebuttal = 'Both tests were done in our laboratory and reviewed by Dr Raman; we stand by the diagnosis.';
  await staff.getByRole('textbox', { name: 'Rebuttal' }).fill(rebuttal);
  await staff.getByRole('button', { name: 'Continue' }).click();
  await staff.getByRole('button', { name: 'Save and send a copy' }).click();
  await expect(staff.getByRole('status')).toContainText('Rebuttal saved. A copy has been sent to the patient.');
  await expect(disagreement).toContainText(rebuttal);

  // Patient: the rebuttal on the request, then the dispute beside the item in the record
  await latestMail(portalUrl(), { to: PATIENT.email, tag: 'correction.rebuttal', since: started });
  await page.reload();
  await expect(page.getByRole('heading', { level: 3, name: `${MAPLE_GROVE.name} answered your statement` })).toBeVisible();
  await expect(page.getByText(rebuttal)).toBeVisible();
  await expect(page.getByText(statement)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send my statement' })).toHaveCount(0);
  await expectAccessible(page);
  await page.screenshot({ path: 'test-results/screens/corrections-dispute-patient.png', fullPage: true });
  await page.getByRole('link', { name: 'See your health problems' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Health problems' })).toBeVisible();
  const row = page.getByRole('list', { name: 'Health problems' }).getByRole('listitem').filter({ has: requestLink });
  await expect(row).toContainText('Correction denied — you filed a statement of disagreement');
  const toDispute = row.getByRole('link', { name: "Read the denial letter, your statement and the practice's answer for this correction request" });
  await expect(toDispute).toHaveAttribute('href', `/corrections/${requestId}`);
  await expectAccessible(page);
  await row.screenshot({ path: 'test-results/screens/corrections-record-disputed.png' });
  await toDispute.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your correction request' })).toBeVisible();

  // Every notice to the patient: a link, no name, no record content
  const mails = await readOutbox(portalUrl(), { to: PATIENT.email, since: started });
  expect(mails.map((m) => m.tag).sort()).toEqual(['correction.decided', 'correction.rebuttal', 'correction.received']);
  for (const mail of mails) expectNoPhi(mail, [ALEX.givenName, ALEX.familyName, ALEX.mrn, problem.title, problem.display, asked.whatIsWrong, explanation, statement, rebuttal]);

  expect([...problems, ...staffProblems]).toEqual([]);
  await close();
});

test('an accepted correction: the item is marked "Amended" with the amendment, and the person named is told', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const started = new Date();
  const problems = watchPage(page);
  const bundle = await demoBundle('corrections-accept');
  const medication = bundle.first('MedicationRequest', 'medicationCodeableConcept', 'authoredOn');
  const { staff, problems: staffProblems, close } = await staffBrowser(browser);
  await uploadForAlex(staff, 'corrections-accept.json', bundle.bytes);

  // Patient: a request about a medication, naming someone to tell
  const contact = { name: 'Dr Jordan Lee', organisation: 'Hillside Cardiology', email: `jordan.lee.${started.getTime()}@hillside.example` };
  await signIn(page, PATIENT.email, PATIENT.password);
  await page.getByRole('link', { name: 'Open your health record' }).click();
  await page.getByRole('navigation', { name: 'Your record' }).getByRole('link', { name: 'Medications' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Medications' })).toBeVisible();
  const requestLink = page.getByRole('link', { name: `Request a correction to ${medication.title}, ${rowDate(medication.date)}` });
  await requestLink.click();
  await expect(page.getByRole('list', { name: 'The medication your request is about' })).toContainText(medication.title);
  await page.getByLabel('What is wrong').fill('The dose is wrong.');
  await page.getByLabel('What should it say').fill(`${medication.title.replace(/\d+ MG/, '20 MG')}, once a day.`);
  await page.getByLabel('Why').fill('My cardiologist doubled the dose in November; the pharmacy label says 20 mg.');
  await page.getByRole('button', { name: 'Add a person or organisation' }).click();
  await page.getByLabel('Name', { exact: true }).fill(contact.name);
  await page.getByLabel('Organisation (optional)').fill(contact.organisation);
  await page.getByLabel('E-mail address').fill(contact.email);
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your correction request' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'What you asked' })).toContainText(contact.email);
  const requestId = requestIdOf(page);

  // Staff: accept with the amendment
  await staff.getByRole('link', { name: 'Corrections', exact: true }).click();
  await linkTo(staff, requestId).click();
  await expect(staff.getByRole('region', { name: 'The request' })).toContainText(`${contact.name}, ${contact.organisation}`);
  await staff.getByRole('button', { name: 'Accept…' }).click();
  const amendment = `Dose corrected: ${medication.title.replace(/\d+ MG/, '20 MG')}, once a day, from November 2024.`;
  await staff.getByLabel('Amendment', { exact: true }).fill(amendment);
  await staff.getByRole('button', { name: 'Continue' }).click();
  await expect(staff.getByRole('group', { name: 'Accept this correction?' })).toContainText(`${contact.name} (${contact.organisation})`);
  await staff.getByRole('button', { name: 'Accept and notify' }).click();
  await expect(staff.getByRole('status')).toContainText('Correction accepted. The record is marked as amended and the patient has been told. 1 person they named was notified.');

  // The person named: a notice with the practice and a reference, nothing about the patient or the record
  const notice = await latestMail(portalUrl(), { to: contact.email, tag: 'correction.amendment-notice', since: started });
  expect(notice.text).toContain(MAPLE_GROVE.name);
  expect(notice.text).toContain(requestId);
  expectNoPhi(notice, [ALEX.givenName, ALEX.familyName, ALEX.mrn, medication.title, medication.display, amendment]);
  const decided = await latestMail(portalUrl(), { to: PATIENT.email, tag: 'correction.decided', since: started });
  expectNoPhi(decided, [ALEX.givenName, ALEX.familyName, medication.title, medication.display, amendment]);

  // Patient: the item, marked "Amended" with the amendment beside it and the way to its history
  await page.getByRole('link', { name: 'See your medications' }).click();
  await page.reload();
  const row = page.getByRole('list', { name: 'Medications' }).getByRole('listitem').filter({ has: requestLink });
  await expect(row.getByText('Amended', { exact: true })).toBeVisible();
  await expect(row).toContainText(amendment);
  await expect(row).toContainText(`by ${MAPLE_GROVE.name}`);
  const history = row.getByRole('link', { name: 'See the history of this correction' });
  await expect(history).toHaveAttribute('href', `/corrections/${requestId}`);
  await row.screenshot({ path: 'test-results/screens/corrections-record-amended.png' });
  await history.click();
  await expect(page.getByRole('heading', { level: 3, name: 'Your request was accepted' })).toBeVisible();
  await expect(page.getByText(`${MAPLE_GROVE.name} told 1 person or organisation you named about the correction.`)).toBeVisible();

  expect([...problems, ...staffProblems]).toEqual([]);
  await close();
});
