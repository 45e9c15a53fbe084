import { beforeAll, describe, expect, inject, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { TABLES } from '../../shared/platform/resources';
import { PASSWORD, StackClient, type TestPractice } from '../support/stack-client';

const { url, ports } = inject('stack');
const api = new StackClient(url, ports);
const DOB = '1975-11-02';
const email = () => `p-${Math.random().toString(36).slice(2, 10)}@test.example`;

describe('registering patients and linking accounts with invitation codes', () => {
  let practice: TestPractice;
  beforeAll(async () => {
    practice = await api.newPractice('Invitation Practice');
  });

  it('lets a practice admin register a patient and returns a one-time code that is stored only as a hash', async () => {
    const registered = await api.register(practice, { givenName: 'Ana María', familyName: "O'Neil-Núñez", birthDate: DOB });

    expect(registered.patient.status).toBe('invited');
    expect(registered.invitation.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const stored = await api.doc.send(new GetCommand({ TableName: TABLES.main.localName, Key: { pk: `PRACTICE#${practice.practiceId}`, sk: `PATIENT#${registered.patient.patientId}` } }));
    expect(JSON.stringify(stored.Item)).not.toContain(registered.invitation.code.replace(/-/g, ''));
    expect(stored.Item?.givenName).toBe('Ana María');
  });

  it('refuses registration by staff (admins only) and by patients', async () => {
    const patient = await api.newPatient(practice, DOB);
    const body = { givenName: 'A', familyName: 'B', birthDate: DOB, mrn: 'X-1' };

    expect((await api.call('POST', '/api/practice/patients', { token: practice.staff, body })).status).toBe(403);
    expect((await api.call('POST', '/api/practice/patients', { token: patient.token, body })).status).toBe(403);
  });

  it('refuses a second patient with the same MRN at the same practice with 409', async () => {
    await api.register(practice, { mrn: 'DUP-1' });
    const again = await api.call('POST', '/api/practice/patients', { token: practice.admin, body: { givenName: 'X', familyName: 'Y', birthDate: DOB, mrn: 'DUP-1' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('mrn_taken');
  });

  it('answers invalid registration fields with 400 and a message per field', async () => {
    const response = await api.call('POST', '/api/practice/patients', { token: practice.admin, body: { givenName: '', familyName: 'Y<script>', birthDate: '2999-01-01', mrn: 'a b' } });
    expect(response.status).toBe(400);
    const paths = [...new Set(response.body.error.details.map((d: { path: string }) => d.path))].sort();
    expect(paths).toEqual(['birthDate', 'familyName', 'givenName', 'mrn']);
  });

  it('signs a patient up with code and date of birth, accepting the code typed in lower case without hyphens', async () => {
    const registered = await api.register(practice, { birthDate: DOB });
    const typed = registered.invitation.code.replace(/-/g, '').toLowerCase();

    const response = await api.call('POST', '/api/auth/sign-up', { body: { email: email(), password: PASSWORD, invitationCode: typed, birthDate: DOB } });

    expect(response.status).toBe(201);
    const me = await api.call('GET', '/api/me', { token: response.body.tokens.idToken });
    expect(me.body.role).toBe('patient');
    expect(me.body.links).toEqual([expect.objectContaining({ practiceId: practice.practiceId, practiceName: 'Invitation Practice', patientId: registered.patient.patientId })]);
    const listed = await api.call('GET', `/api/practice/patients/${registered.patient.patientId}`, { token: practice.staff });
    expect(listed.body.status).toBe('linked');
  });

  it('gives a wrong code and a wrong date of birth the same answer, and creates no account', async () => {
    const registered = await api.register(practice, { birthDate: DOB });
    const address = email();
    const wrongDob = await api.call('POST', '/api/auth/sign-up', { body: { email: address, password: PASSWORD, invitationCode: registered.invitation.code, birthDate: '1975-11-03' } });
    const wrongCode = await api.call('POST', '/api/auth/sign-up', { body: { email: address, password: PASSWORD, invitationCode: 'ZZZZ-ZZZZ-ZZZZ', birthDate: DOB } });

    expect(wrongDob.status).toBe(400);
    expect(wrongCode.status).toBe(400);
    expect(wrongDob.body.error.message).toBe(wrongCode.body.error.message);
    expect((await api.call('POST', '/api/auth/sign-in', { body: { email: address, password: PASSWORD } })).status).toBe(401);
    // The code still works afterwards.
    const ok = await api.call('POST', '/api/auth/sign-up', { body: { email: address, password: PASSWORD, invitationCode: registered.invitation.code, birthDate: DOB } });
    expect(ok.status).toBe(201);
  });

  it('refuses a used code with 410 and a replaced code with 410, each saying why', async () => {
    const registered = await api.register(practice, { birthDate: DOB });
    await api.call('POST', '/api/auth/sign-up', { body: { email: email(), password: PASSWORD, invitationCode: registered.invitation.code, birthDate: DOB } });
    const reused = await api.call('POST', '/api/auth/sign-up', { body: { email: email(), password: PASSWORD, invitationCode: registered.invitation.code, birthDate: DOB } });

    const second = await api.register(practice, { birthDate: DOB });
    const reissued = await api.call('POST', `/api/practice/patients/${second.patient.patientId}/invitation`, { token: practice.admin });
    const replaced = await api.call('POST', '/api/auth/sign-up', { body: { email: email(), password: PASSWORD, invitationCode: second.invitation.code, birthDate: DOB } });
    const fresh = await api.call('POST', '/api/auth/sign-up', { body: { email: email(), password: PASSWORD, invitationCode: reissued.body.code, birthDate: DOB } });

    expect(reused.status).toBe(410);
    expect(reused.body.error.code).toBe('invitation_used');
    expect(reissued.status).toBe(201);
    expect(replaced.status).toBe(410);
    expect(replaced.body.error.code).toBe('invitation_revoked');
    expect(fresh.status).toBe(201);
    const again = await api.call('POST', `/api/practice/patients/${second.patient.patientId}/invitation`, { token: practice.admin });
    expect(again.status).toBe(409);
  });

  it('refuses sign-up with an e-mail already in use, without consuming the code', async () => {
    const existing = await api.newPatient(practice, DOB);
    const registered = await api.register(practice, { birthDate: DOB });
    const taken = await api.call('POST', '/api/auth/sign-up', { body: { email: existing.email, password: PASSWORD, invitationCode: registered.invitation.code, birthDate: DOB } });
    const retry = await api.call('POST', '/api/auth/sign-up', { body: { email: email(), password: PASSWORD, invitationCode: registered.invitation.code, birthDate: DOB } });

    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('email_taken');
    expect(retry.status).toBe(201);
  });

  it('links one account to a second practice, shown in one list, and refuses linking the same practice twice', async () => {
    const other = await api.newPractice('Second Practice');
    const patient = await api.newPatient(practice, DOB);
    const atOther = await api.register(other, { birthDate: DOB });
    const link = await api.call('POST', '/api/me/links', { token: patient.token, body: { invitationCode: atOther.invitation.code, birthDate: DOB } });
    const duplicate = await api.register(practice, { birthDate: DOB });
    const twice = await api.call('POST', '/api/me/links', { token: patient.token, body: { invitationCode: duplicate.invitation.code, birthDate: DOB } });
    const me = await api.call('GET', '/api/me', { token: patient.token });

    expect(link.status).toBe(201);
    expect(link.body.practiceName).toBe('Second Practice');
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('already_linked');
    expect(me.body.links.map((l: { practiceName: string }) => l.practiceName).sort()).toEqual(['Invitation Practice', 'Second Practice']);
  });

  it('rate-limits wrong codes per account: after 5 failures even a right code is refused with 429', async () => {
    const patient = await api.newPatient(practice, DOB);
    const other = await api.newPractice();
    const atOther = await api.register(other, { birthDate: DOB });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await api.call('POST', '/api/me/links', { token: patient.token, body: { invitationCode: `AAAA-AAAA-AAA${i}`, birthDate: DOB } })).status);
    }
    const right = await api.call('POST', '/api/me/links', { token: patient.token, body: { invitationCode: atOther.invitation.code, birthDate: DOB } });

    expect(statuses).toEqual([400, 400, 400, 400, 400]);
    expect(right.status).toBe(429);
    expect(right.body.error.message).toMatch(/Too many attempts/);
  });
});
