import { endpoint } from '../../shared/platform/http';
import { getHealth } from '../../shared/usecases/get-health';

/** GET /api/health: the state of each backing service (no PHI, no authentication). */
export const handler = endpoint({ auth: 'none' }, async ({ deps }) => {
  const health = await getHealth(deps);
  return { status: health.status === 'ok' ? 200 : 503, body: health };
});
