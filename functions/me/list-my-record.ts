import { DataClassPath, RecordListQuery } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { listMyRecord } from '../../shared/usecases/account';

/** GET /api/me/record/{dataClass}: one USCDI data class of the patient's record across all linked practices. */
export const handler = endpoint(
  { auth: 'jwt', action: 'record.read', path: DataClassPath, query: RecordListQuery },
  async ({ principal, path, query, deps, ctx }) => ({ status: 200, body: await listMyRecord(deps, principal, path.dataClass, query, ctx) }),
);
