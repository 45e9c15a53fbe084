import { PageQuery } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { listMyCorrections } from '../../shared/usecases/corrections';

/** GET /api/me/corrections: the patient's correction requests across all linked practices, newest first. */
export const handler = endpoint({ auth: 'jwt', action: 'correction.list', query: PageQuery }, async ({ principal, query, deps, ctx }) => ({
  status: 200,
  body: await listMyCorrections(deps, principal, query, ctx),
}));
