import { endpoint } from '../../shared/platform/http';
import { verifyMyActivity } from '../../shared/usecases/activity';

/** GET /api/me/activity/verify: each of the patient's chains recomputed and compared with the published digests. */
export const handler = endpoint({ auth: 'jwt', action: 'audit.verify' }, async ({ principal, deps, ctx }) => ({
  status: 200,
  body: await verifyMyActivity(deps, principal, ctx),
}));
