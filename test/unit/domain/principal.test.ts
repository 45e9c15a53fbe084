import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../../shared/domain/principal';

const base = { sub: 'abc', email: 'x@example.com', token_use: 'id' };

describe('principal from verified claims', () => {
  it('reads groups as API Gateway passes them ("[a b]") and as a raw token has them (array)', () => {
    expect(principalFromClaims({ ...base, 'cognito:groups': '[practice-staff]', 'custom:practice_id': 'p1' })).toMatchObject({ kind: 'staff', role: 'staff', practiceId: 'p1' });
    expect(principalFromClaims({ ...base, 'cognito:groups': ['practice-admins'], 'custom:practice_id': 'p1' })).toMatchObject({ role: 'admin' });
    expect(principalFromClaims({ ...base, 'cognito:groups': '[patients]' })).toEqual({ kind: 'patient', role: 'patient', accountId: 'abc', email: 'x@example.com' });
  });

  it.each([
    ['no claims', undefined, 401],
    ['an access token', { ...base, token_use: 'access', 'cognito:groups': '[patients]' }, 401],
    ['no group', { ...base }, 403],
    ['two roles', { ...base, 'cognito:groups': '[patients practice-staff]', 'custom:practice_id': 'p1' }, 403],
    ['staff without a practice', { ...base, 'cognito:groups': '[practice-staff]' }, 403],
    ['an unknown group only', { ...base, 'cognito:groups': '[admins]' }, 403],
  ])('refuses %s', (_name, claims, status) => {
    expect(() => principalFromClaims(claims as Record<string, unknown> | undefined)).toThrow(expect.objectContaining({ status }));
  });
});
