import { CUSTOM_ATTRIBUTES, GROUPS } from '../platform/resources';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import type { Role } from './schemas';

/** Who is calling, as established by a verified Cognito ID token. */
export type Principal =
  | { kind: 'patient'; accountId: string; email: string; role: 'patient' }
  | { kind: 'staff'; accountId: string; email: string; role: 'staff' | 'admin'; practiceId: string };

export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;
export type PatientPrincipal = Extract<Principal, { kind: 'patient' }>;

/**
 * Turns verified JWT claims into a Principal, refusing anything ambiguous: access tokens (they carry no
 * practice claim), no group or several groups, staff without a practice.
 */
export function principalFromClaims(claims: Record<string, unknown> | undefined): Principal {
  if (!claims || typeof claims.sub !== 'string') throw new UnauthenticatedError();
  if (claims.token_use !== 'id') throw new UnauthenticatedError('Use the ID token to call the API.', 'wrong_token');
  const groups = parseGroups(claims['cognito:groups']);
  const email = typeof claims.email === 'string' ? claims.email : '';
  const known = groups.filter((g) => (Object.values(GROUPS) as string[]).includes(g));
  if (known.length !== 1) throw new ForbiddenError('Your account has no single role in this portal.');
  const group = known[0];
  if (group === GROUPS.patient) return { kind: 'patient', accountId: claims.sub, email, role: 'patient' };
  const practiceId = claims[`custom:${CUSTOM_ATTRIBUTES.practiceId}`];
  if (typeof practiceId !== 'string' || practiceId.length === 0) {
    throw new ForbiddenError('Your account is not attached to a practice.');
  }
  return { kind: 'staff', accountId: claims.sub, email, role: group === GROUPS.admin ? 'admin' : 'staff', practiceId };
}

/**
 * API Gateway hands groups over as "[a b]" (a stringified array) while a raw token has a JSON array:
 * accept both.
 */
function parseGroups(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.filter((g): g is string => typeof g === 'string');
  if (typeof raw !== 'string' || raw.length === 0) return [];
  const inner = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  return inner.split(/[\s,]+/).filter(Boolean);
}

export function requireRole(principal: Principal, ...roles: Role[]): void {
  if (!roles.includes(principal.role)) throw new ForbiddenError('Your role does not allow this.');
}

export function requireStaff(principal: Principal, ...roles: Array<'staff' | 'admin'>): StaffPrincipal {
  if (principal.kind !== 'staff' || (roles.length > 0 && !roles.includes(principal.role))) {
    throw new ForbiddenError(roles.length === 1 && roles[0] === 'admin' ? 'Only a practice admin can do this.' : 'Only practice staff can do this.');
  }
  return principal;
}

export function requirePatient(principal: Principal): PatientPrincipal {
  if (principal.kind !== 'patient') throw new ForbiddenError('Only patients can do this.');
  return principal;
}
