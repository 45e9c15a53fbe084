import { AcceptCorrectionInput, PatientCorrectionPath } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { acceptCorrection } from '../../shared/usecases/corrections';

/** POST /api/practice/patients/{patientId}/corrections/{requestId}/accept: record the amendment. */
export const handler = endpoint(
  { auth: 'jwt', action: 'correction.accept', path: PatientCorrectionPath, body: AcceptCorrectionInput },
  async ({ principal, path, body, deps, ctx }) => ({ status: 200, body: await acceptCorrection(deps, principal, path.patientId, path.requestId, body, ctx) }),
);
