import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { StackClient, type TestPractice } from '../support/stack-client';
import { FIXTURES_DIR, fixtureFiles, HAS_FIXTURES, skipNoticeIfMissing } from '../support/fixtures';

const { url, ports } = inject('stack');
const api = new StackClient(url, ports);

describe('the edge: health, unknown routes and malformed requests', () => {
  let practice: TestPractice;
  beforeAll(async () => {
    practice = await api.newPractice();
  });

  it('reports each backing service as up', async () => {
    const response = await api.call('GET', '/api/health');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(Object.keys(response.body.services).sort()).toEqual(['cognito', 'dynamodb', 's3']);
    for (const service of Object.values(response.body.services) as Array<{ state: string }>) expect(service.state).toBe('up');
  });

  it('answers an unknown API route with 404 as API Gateway does', async () => {
    const response = await api.call('GET', '/api/nothing-here');
    expect(response.status).toBe(404);
  });

  it('refuses a body that is not JSON, is not declared as JSON, has unknown fields or is too large', async () => {
    const notJson = await api.call('POST', '/api/practice/patients', { token: practice.admin, rawBody: '{"givenName": ' });
    const wrongType = await api.call('POST', '/api/practice/patients', { token: practice.admin, rawBody: 'givenName=x', contentType: 'application/x-www-form-urlencoded' });
    const extra = await api.call('POST', '/api/practice/patients', { token: practice.admin, body: { givenName: 'A', familyName: 'B', birthDate: '1980-01-01', mrn: 'M-1', isAdmin: true } });
    const huge = await api.call('POST', '/api/practice/patients', { token: practice.admin, rawBody: JSON.stringify({ givenName: 'x'.repeat(70_000) }) });
    const noBody = await api.call('POST', '/api/practice/patients', { token: practice.admin });

    expect(notJson.status).toBe(400);
    expect(notJson.body.error.message).toBe('The request body is not valid JSON.');
    expect(wrongType.status).toBe(415);
    expect(extra.status).toBe(400);
    expect(extra.body.error.details[0].message).toContain('isAdmin');
    expect(huge.status).toBe(413);
    expect(noBody.status).toBe(400);
  });

  it('refuses bad paging parameters with 400, never a 500', async () => {
    const limit = await api.call('GET', '/api/practice/patients?limit=100000', { token: practice.staff });
    const cursor = await api.call('GET', '/api/practice/patients?cursor=%%%garbage', { token: practice.staff });
    const foreign = Buffer.from(JSON.stringify({ gsi1pk: 'PRACTICE#someone-else#PATIENTS', gsi1sk: 'x', pk: 'x', sk: 'y' })).toString('base64url');
    const crafted = await api.call('GET', `/api/practice/patients?cursor=${foreign}`, { token: practice.staff });

    expect(limit.status).toBe(400);
    expect(cursor.status).toBe(400);
    expect(crafted.status).toBe(400);
  });

  it('refuses a malformed patient id in the path with 400', async () => {
    const response = await api.call('GET', '/api/practice/patients/..%2F..%2Fetc', { token: practice.staff });
    expect(response.status).toBe(400);
  });

  it('pages through a practice’s patients without repeating or losing one', async () => {
    const fresh = await api.newPractice();
    const ids = new Set<string>();
    for (let i = 0; i < 7; i++) ids.add((await api.register(fresh)).patient.patientId);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.call('GET', `/api/practice/patients?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: fresh.staff });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((p: { patientId: string }) => p.patientId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(ids);
  });
});

describe.skipIf(!HAS_FIXTURES)('bad inputs from ../shared/fixtures/bad-inputs get a clear 4xx at the edge', () => {
  skipNoticeIfMissing('bad-inputs at the API edge');
  let practice: TestPractice;
  beforeAll(async () => {
    practice = await api.newPractice();
  });

  for (const file of fixtureFiles('bad-inputs')) {
    it(`${file}: refused as a request body with a message, nothing stored, stack still healthy`, async () => {
      const bytes = readFileSync(join(FIXTURES_DIR, 'bad-inputs', file));
      const before = await api.call('GET', '/api/practice/patients', { token: practice.staff });

      const response = await api.call('POST', '/api/practice/patients', { token: practice.admin, rawBody: bytes });

      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(typeof response.body.error.message).toBe('string');
      const after = await api.call('GET', '/api/practice/patients', { token: practice.staff });
      expect(after.body.items).toHaveLength(before.body.items.length);
      expect((await api.call('GET', '/api/health')).status).toBe(200);
    });
  }
});
