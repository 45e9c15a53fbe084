import { ApiError } from '../../api/api-error';
import { RecipientToken } from '../../domain';

/** What the fragment of the address held when the page opened. */
export type LinkToken = { kind: 'token'; token: string } | { kind: 'missing' } | { kind: 'malformed' };

/**
 * The link's secret, from the URL fragment (`#<43 characters>`): browsers never send a fragment to a server, nor
 * in a Referer, so it stays out of access logs. The page keeps it in memory only.
 */
export function tokenFromHash(hash: string): LinkToken {
  const value = hash.replace(/^#/, '').trim();
  if (!value) return { kind: 'missing' };
  return RecipientToken.safeParse(value).success ? { kind: 'token', token: value } : { kind: 'malformed' };
}

/** Why a link no longer opens, or never did: each gets its own page. */
export type GoneReason = 'revoked' | 'expired' | 'exhausted' | 'locked' | 'invalid' | 'missing';

const GONE_CODES: Record<string, GoneReason> = {
  link_revoked: 'revoked',
  link_expired: 'expired',
  link_exhausted: 'exhausted',
  link_locked: 'locked',
};

/** The answers that end the visit: a link that no longer works (410), an unknown one (404 on open), a lapsed session. */
export function linkOutcome(error: unknown, { unknownIsInvalid }: { unknownIsInvalid: boolean }): { kind: 'gone'; reason: GoneReason } | { kind: 'session-expired' } | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.status === 410) return { kind: 'gone', reason: GONE_CODES[error.code] ?? 'expired' };
  if (error.status === 401 && error.code === 'session_expired') return { kind: 'session-expired' };
  if (unknownIsInvalid && (error.status === 404 || (error.status === 400 && error.details.some((d) => /(^|\.)token$/.test(d.path))))) return { kind: 'gone', reason: 'invalid' };
  return undefined;
}

/** The access code as the API compares it: upper case, no spaces or dashes (the API also maps O→0, I/L→1). */
export const ACCESS_CODE_LENGTH = 10;
export function cleanAccessCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}
