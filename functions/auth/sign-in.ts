import { SignInInput } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { signIn } from '../../shared/usecases/auth';
import { sessionResponse } from './session-response';

/** POST /api/auth/sign-in: e-mail and password; answers tokens, an MFA challenge or an MFA set-up step. */
export const handler = endpoint({ auth: 'none', body: SignInInput }, async ({ body, deps, ctx }) =>
  sessionResponse(await signIn(deps, body, ctx), deps.secureCookies),
);
