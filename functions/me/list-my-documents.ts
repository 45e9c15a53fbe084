import { RecordListQuery } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { listMyDocuments } from '../../shared/usecases/account';

/** GET /api/me/documents: the patient's documents across all linked practices, newest first. */
export const handler = endpoint({ auth: 'jwt', action: 'document.list', query: RecordListQuery }, async ({ principal, query, deps, ctx }) => ({
  status: 200,
  body: await listMyDocuments(deps, principal, query, ctx),
}));
