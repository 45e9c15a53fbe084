import { PageQuery, PatientIdPath } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { listPatientDocuments } from '../../shared/usecases/uploads';

/** GET /api/practice/patients/{patientId}/documents: a patient's documents at the caller's practice. */
export const handler = endpoint(
  { auth: 'jwt', action: 'document.list', path: PatientIdPath, query: PageQuery },
  async ({ principal, path, query, deps, ctx }) => ({ status: 200, body: await listPatientDocuments(deps, principal, path.patientId, query, ctx) }),
);
