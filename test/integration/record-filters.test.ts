import { beforeAll, describe, expect, inject, it } from 'vitest';
import { generateDemoRecords } from '../../shared/demo/generate';
import { StackClient, uploadThroughApi, type TestPatient, type TestPractice } from '../support/stack-client';

const { url, ports } = inject('stack');
const api = new StackClient(url, ports);

const BIRTH_DATE = '1968-02-14';
const PERSON = { givenName: 'Noor', familyName: 'Haddad', birthDate: BIRTH_DATE, gender: 'female' as const, mrn: 'RF-1' };
const practiceInfo = (name: string) => ({
  name,
  phone: '(555) 010-0003',
  address: { line: '9 Elm St', city: 'Springfield', state: 'IL', postalCode: '62701' },
  clinician: { givenName: 'Lee', familyName: 'Park', npi: '1234567893' },
});

interface Item {
  practiceId: string;
  date?: string;
}

/** Every item of a list, following cursors, with the query string given. */
async function all(token: string, path: string, query = ''): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const response = await api.call('GET', `${path}?limit=3${query}${cursor ? `&cursor=${cursor}` : ''}`, { token });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
  } while (cursor && ++pages < 200);
  return items;
}

/** The oracle: a window compares calendar days, both ends included; undated items are outside every window. */
const dayWithin = (date: string | undefined, from: string, to: string) => !!date && date.slice(0, 10) >= from && date.slice(0, 10) <= to;

describe('the patient filters the record and documents by practice and dates, on the server', () => {
  let first: TestPractice;
  let second: TestPractice;
  let patient: TestPatient;

  beforeAll(async () => {
    first = await api.newPractice('Filter Practice One');
    second = await api.newPractice('Filter Practice Two');
    patient = await api.newPatient(first, BIRTH_DATE);
    const registered = await api.register(second, { birthDate: BIRTH_DATE });
    const link = await api.call('POST', '/api/me/links', { token: patient.token, body: { invitationCode: registered.invitation.code, birthDate: BIRTH_DATE } });
    expect(link.status).toBe(201);
    for (const [practice, patientId, seed] of [
      [first, patient.patientId, 'filters-one'],
      [second, registered.patient.patientId, 'filters-two'],
    ] as const) {
      const files = await generateDemoRecords(PERSON, practiceInfo(practice.name), { seed });
      for (const file of files.filter((f) => f.kind === 'fhir' || f.kind === 'pdf')) {
        const outcome = await uploadThroughApi(api, practice.staff, patientId, { name: file.filename, bytes: file.bytes });
        expect(outcome.complete?.status).toBe(201);
      }
    }
  }, 120_000);

  it('keeps one practice’s items only, and refuses a practice the account is not linked to', async () => {
    const everything = await all(patient.token, '/api/me/record/lab-results');
    const onlyFirst = await all(patient.token, '/api/me/record/lab-results', `&practiceId=${first.practiceId}`);
    const fromFirst = everything.filter((i) => i.practiceId === first.practiceId);

    expect(new Set(everything.map((i) => i.practiceId))).toEqual(new Set([first.practiceId, second.practiceId]));
    expect(onlyFirst.length).toBe(fromFirst.length);
    expect(onlyFirst.every((i) => i.practiceId === first.practiceId)).toBe(true);

    const stranger = await api.newPractice('Filter Stranger');
    const refused = await api.call('GET', `/api/me/record/lab-results?practiceId=${stranger.practiceId}`, { token: patient.token });
    expect(refused.status).toBe(404);
    expect(refused.body.error.message).toMatch(/not linked/);
  });

  it('pages through exactly the items dated within a window, across practices', async () => {
    const everything = await all(patient.token, '/api/me/record/vital-signs');
    const dates = everything.map((i) => i.date).filter((d): d is string => !!d).sort();
    // A window around the middle of the history, so that items fall on both sides of it.
    const from = dates[Math.floor(dates.length / 3)]!.slice(0, 10);
    const to = dates[Math.floor((2 * dates.length) / 3)]!.slice(0, 10);
    const expected = everything.filter((i) => dayWithin(i.date, from, to));

    const windowed = await all(patient.token, '/api/me/record/vital-signs', `&from=${from}&to=${to}`);

    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(everything.length);
    expect(windowed.length).toBe(expected.length);
    expect(windowed.every((i) => dayWithin(i.date, from, to))).toBe(true);
    // Newest first across both practices' partitions.
    expect(windowed.map((i) => i.date)).toEqual([...windowed.map((i) => i.date)].sort().reverse());
    // An open end: everything from a day on.
    const fromOnly = await all(patient.token, '/api/me/record/vital-signs', `&from=${from}`);
    expect(fromOnly.length).toBe(everything.filter((i) => !!i.date && i.date.slice(0, 10) >= from).length);
  });

  it('filters documents the same way', async () => {
    const everything = await all(patient.token, '/api/me/documents');
    const dates = everything.map((d) => d.date!).sort();
    const from = dates[1]!.slice(0, 10);
    const to = dates.at(-2)!.slice(0, 10);

    const windowed = await all(patient.token, '/api/me/documents', `&from=${from}&to=${to}&practiceId=${second.practiceId}`);

    expect(windowed.length).toBe(everything.filter((d) => d.practiceId === second.practiceId && dayWithin(d.date, from, to)).length);
    expect(windowed.every((d) => d.practiceId === second.practiceId)).toBe(true);
  });

  it('says what is wrong with a filter, and refuses a cursor of another filter', async () => {
    const reversed = await api.call('GET', '/api/me/record/problems?from=2024-05-01&to=2024-04-01', { token: patient.token });
    expect(reversed.status).toBe(400);
    expect(JSON.stringify(reversed.body)).toMatch(/From must be on or before To/);
    const notADay = await api.call('GET', '/api/me/documents?from=2024-02-30', { token: patient.token });
    expect(notADay.status).toBe(400);
    expect(JSON.stringify(notADay.body)).toMatch(/not a real calendar date/);

    const unfiltered = await api.call('GET', '/api/me/record/vital-signs?limit=1', { token: patient.token });
    expect(unfiltered.body.nextCursor).toBeDefined();
    const reused = await api.call('GET', `/api/me/record/vital-signs?limit=1&from=1900-01-01&to=1900-12-31&cursor=${unfiltered.body.nextCursor}`, { token: patient.token });
    expect(reused.status).toBe(400);
    expect(reused.body.error.message).toMatch(/cursor/);
  });
});
