import { expect, test } from '@playwright/test';
import { expectAccessible, signIn, skipWithoutChromium, watchPage } from './support';

skipWithoutChromium();

test('the patient sees who opened their record and proves the history complete; the admin reads the audit report', async ({ browser }) => {
  test.setTimeout(120_000);

  // Staff open Sam Chen's patient page: an event in Sam's chain, named with the staff member and practice
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  const staffProblems = watchPage(staff);
  await signIn(staff, 'staff@maplegrove.example', 'Maple-Staff-2026!');
  await staff.getByRole('link', { name: 'Sam Chen' }).click();
  await expect(staff.getByRole('heading', { level: 1, name: 'Sam Chen' })).toBeVisible();

  // The patient: the activity page names the staff member and the practice
  const patientContext = await browser.newContext();
  const patient = await patientContext.newPage();
  const patientProblems = watchPage(patient);
  await signIn(patient, 'sam.chen@example.com', 'Sam-Patient-2026!');
  await patient.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
  await expect(patient.getByRole('heading', { level: 1, name: 'Who saw your records' })).toBeVisible();
  const history = patient.getByRole('table', { name: 'Your history, newest first' });
  const staffRow = history.getByRole('row').filter({ hasText: 'Opened your patient record' }).filter({ hasText: 'staff@maplegrove.example' }).first();
  await expect(staffRow).toBeVisible();
  await expect(staffRow).toContainText('Maple Grove Family Medicine');
  await expect(history.getByRole('row').filter({ hasText: 'Signed in' }).first()).toContainText('You');

  // Filter to sign-ins only: the staff member's read is gone from the list
  await patient.getByLabel('What happened').selectOption({ label: 'Sign-ins' });
  await expect(patient.getByRole('table', { name: 'Matching events, newest first' }).getByRole('row').filter({ hasText: 'Opened your patient record' })).toHaveCount(0);

  // The completeness check: every chain unbroken
  await patient.getByRole('button', { name: 'Check now' }).click();
  await expect(patient.getByText('Your history is complete.')).toBeVisible();
  await expectAccessible(patient);
  await patient.screenshot({ path: 'test-results/screens/activity-patient.png', fullPage: true });

  // The accounting of disclosures
  await patient.getByRole('navigation', { name: 'Who saw your records' }).getByRole('link', { name: /disclosures/i }).click();
  await expect(patient.getByRole('heading', { name: 'Accounting of disclosures' })).toBeVisible();
  await expectAccessible(patient);

  // The admin's audit report: the staff member's read of Sam's record is there
  await staff.getByRole('button', { name: 'Sign out' }).click();
  await signIn(staff, 'admin@maplegrove.example', 'Maple-Admin-2026!');
  await staff.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
  await expect(staff.getByRole('heading', { level: 1, name: 'Audit report' })).toBeVisible();
  await expect(staff.getByRole('row').filter({ hasText: 'patient.read' }).filter({ hasText: 'staff@maplegrove.example' }).first()).toBeVisible();
  await expectAccessible(staff);
  await staff.screenshot({ path: 'test-results/screens/audit-report.png', fullPage: true });

  expect(staffProblems).toEqual([]);
  expect(patientProblems).toEqual([]);
  await staffContext.close();
  await patientContext.close();
});
