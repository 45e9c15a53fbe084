import { clearedSessionCookies, endpoint, REFRESH_COOKIE } from '../../shared/platform/http';

/** POST /api/auth/sign-out: revokes the refresh token (and so the tokens issued from it) and clears the cookies. */
export const handler = endpoint({ auth: 'none' }, async ({ cookies, deps }) => {
  const refreshToken = cookies[REFRESH_COOKIE];
  // Best effort: the cookies are cleared whatever the identity service answers.
  if (refreshToken) await deps.identity.revoke(refreshToken).catch(() => undefined);
  return { status: 204, cookies: clearedSessionCookies(deps.secureCookies) };
});
