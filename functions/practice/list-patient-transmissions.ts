import { PageQuery, PatientIdPath } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { listPatientTransmissions } from '../../shared/usecases/transmissions';

/** GET /api/practice/patients/{patientId}/transmissions: the patient's directives that drew on this practice's records. */
export const handler = endpoint({ auth: 'jwt', action: 'transmission.list', path: PatientIdPath, query: PageQuery }, async ({ principal, path, query, deps, ctx }) => ({
  status: 200,
  body: await listPatientTransmissions(deps, principal, path.patientId, query, ctx),
}));
