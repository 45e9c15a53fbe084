import { PageQuery } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { listMyTransmissions } from '../../shared/usecases/transmissions';

/** GET /api/me/transmissions: the copies the patient has sent, newest first, with their states. */
export const handler = endpoint({ auth: 'jwt', action: 'transmission.list', query: PageQuery }, async ({ principal, query, deps, ctx }) => ({
  status: 200,
  body: await listMyTransmissions(deps, principal, query, ctx),
}));
