import { FinishMfaSetupInput } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { finishMfaSetup } from '../../shared/usecases/auth';

/** POST /api/auth/mfa/verify: confirms the authenticator with a first code and turns TOTP on. */
export const handler = endpoint({ auth: 'none', body: FinishMfaSetupInput }, async ({ body, deps, ctx }) => ({
  status: 200,
  body: await finishMfaSetup(deps, body.accessToken, body.code, ctx),
}));
