import { PracticeAuditQuery } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { practiceAuditReport } from '../../shared/usecases/activity';

/** GET /api/practice/audit: the practice's audit events in a time range, by user, patient, action or outcome (admins). */
export const handler = endpoint({ auth: 'jwt', action: 'audit.report', query: PracticeAuditQuery }, async ({ principal, query, deps, ctx }) => ({
  status: 200,
  body: await practiceAuditReport(deps, principal, query, ctx),
}));
