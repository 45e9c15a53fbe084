import { AnswerMfaChallengeInput } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { answerMfaChallenge } from '../../shared/usecases/auth';
import { sessionResponse } from './session-response';

/** POST /api/auth/mfa: the TOTP code for a sign-in that asked for one. */
export const handler = endpoint({ auth: 'none', body: AnswerMfaChallengeInput }, async ({ body, deps, ctx }) =>
  sessionResponse(await answerMfaChallenge(deps, body, ctx), deps.secureCookies),
);
