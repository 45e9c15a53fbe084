import { DenyCorrectionInput, PatientCorrectionPath } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { denyCorrection } from '../../shared/usecases/corrections';

/** POST /api/practice/patients/{patientId}/corrections/{requestId}/deny: deny on a regulatory ground. */
export const handler = endpoint(
  { auth: 'jwt', action: 'correction.deny', path: PatientCorrectionPath, body: DenyCorrectionInput },
  async ({ principal, path, body, deps, ctx }) => ({ status: 200, body: await denyCorrection(deps, principal, path.patientId, path.requestId, body, ctx) }),
);
