import { DisclosuresExportInput } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { exportMyDisclosures } from '../../shared/usecases/activity';

/** POST /api/me/disclosures/export: the accounting of disclosures as CSV or PDF (a 5-minute download link). */
export const handler = endpoint({ auth: 'jwt', action: 'audit.disclosures', body: DisclosuresExportInput }, async ({ principal, body, deps, ctx }) => ({
  status: 201,
  body: await exportMyDisclosures(deps, principal, body.format, ctx),
}));
