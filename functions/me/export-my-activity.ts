import { endpoint } from '../../shared/platform/http';
import { exportMyActivity } from '../../shared/usecases/activity';

/** POST /api/me/activity/export: the patient's chains as JSON, to re-check offline against a published digest. */
export const handler = endpoint({ auth: 'jwt', action: 'audit.export' }, async ({ principal, deps, ctx }) => ({
  status: 201,
  body: await exportMyActivity(deps, principal, ctx),
}));
