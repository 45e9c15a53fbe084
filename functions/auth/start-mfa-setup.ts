import { StartMfaSetupInput } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { startMfaSetup } from '../../shared/usecases/auth';

/** POST /api/auth/mfa/setup: a TOTP secret for the account the access token belongs to. */
export const handler = endpoint({ auth: 'none', body: StartMfaSetupInput }, async ({ body, deps }) => ({
  status: 200,
  body: await startMfaSetup(deps, body.accessToken),
}));
