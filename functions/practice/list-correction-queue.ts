import { CorrectionQueueQuery } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { listCorrectionQueue } from '../../shared/usecases/corrections';

/** GET /api/practice/corrections: requests to the caller's practice, open ones soonest due first. */
export const handler = endpoint({ auth: 'jwt', action: 'correction.list', query: CorrectionQueueQuery }, async ({ principal, query, deps, ctx }) => ({
  status: 200,
  body: await listCorrectionQueue(deps, principal, query, ctx),
}));
