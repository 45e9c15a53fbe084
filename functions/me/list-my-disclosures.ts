import { endpoint } from '../../shared/platform/http';
import { listMyDisclosures } from '../../shared/usecases/activity';

/** GET /api/me/disclosures: the accounting of disclosures for the last six years (HIPAA 164.528). */
export const handler = endpoint({ auth: 'jwt', action: 'audit.disclosures' }, async ({ principal, deps, ctx }) => ({
  status: 200,
  body: await listMyDisclosures(deps, principal, ctx),
}));
