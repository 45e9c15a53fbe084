import { SESSION } from '../../shared/platform/resources';
import { sessionCookies, type EndpointResponse } from '../../shared/platform/http';
import type { AuthOutcome } from '../../shared/usecases/auth';

/** The public answer of a sign-in step: tokens in the body, the refresh token only in an HttpOnly cookie. */
export function sessionResponse(outcome: AuthOutcome, secure: boolean, status = 200): EndpointResponse {
  if (outcome.status !== 'signed-in') return { status, body: outcome };
  const { idToken, accessToken, expiresIn, refreshToken } = outcome.tokens;
  return {
    status,
    body: { status: 'signed-in', tokens: { idToken, accessToken, expiresIn } },
    cookies: refreshToken ? sessionCookies(refreshToken, outcome.accountId, secure, SESSION.refreshTokenHours * 3600) : [],
  };
}
