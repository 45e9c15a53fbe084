import { PracticeAuditQuery } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { exportPracticeAudit } from '../../shared/usecases/activity';

/** POST /api/practice/audit/export: the same report as CSV (a 5-minute download link; admins). */
export const handler = endpoint({ auth: 'jwt', action: 'audit.report', body: PracticeAuditQuery }, async ({ principal, body, deps, ctx }) => ({
  status: 201,
  body: await exportPracticeAudit(deps, principal, body, ctx),
}));
