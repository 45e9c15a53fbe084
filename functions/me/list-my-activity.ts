import { ActivityQuery } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { listMyActivity } from '../../shared/usecases/activity';

/** GET /api/me/activity: every event concerning the patient, newest first, by date range and kind. */
export const handler = endpoint({ auth: 'jwt', action: 'audit.read', query: ActivityQuery }, async ({ principal, query, deps, ctx }) => ({
  status: 200,
  body: await listMyActivity(deps, principal, query, ctx),
}));
