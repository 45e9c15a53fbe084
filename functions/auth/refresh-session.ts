import { UnauthenticatedError } from '../../shared/errors';
import { ACCOUNT_COOKIE, clearedSessionCookies, endpoint, REFRESH_COOKIE } from '../../shared/platform/http';
import { refreshSession } from '../../shared/usecases/auth';

/** POST /api/auth/refresh: new ID and access tokens from the HttpOnly refresh cookie (restores a session after a reload). */
export const handler = endpoint({ auth: 'none' }, async ({ cookies, deps }) => {
  const refreshToken = cookies[REFRESH_COOKIE];
  const accountId = cookies[ACCOUNT_COOKIE];
  if (!refreshToken || !accountId) throw new UnauthenticatedError('You are not signed in.', 'no_session');
  try {
    const tokens = await refreshSession(deps, refreshToken, accountId);
    return { status: 200, body: { status: 'signed-in', tokens: { idToken: tokens.idToken, accessToken: tokens.accessToken, expiresIn: tokens.expiresIn } } };
  } catch (error) {
    if (error instanceof UnauthenticatedError) {
      return { status: 401, body: { error: { code: error.code, message: error.message } }, cookies: clearedSessionCookies(deps.secureCookies) };
    }
    throw error;
  }
});
