import { PatientCorrectionPath } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { getPracticeCorrection } from '../../shared/usecases/corrections';

/** GET /api/practice/patients/{patientId}/corrections/{requestId}: one request to the caller's practice. */
export const handler = endpoint({ auth: 'jwt', action: 'correction.read', path: PatientCorrectionPath }, async ({ principal, path, deps, ctx }) => ({
  status: 200,
  body: await getPracticeCorrection(deps, principal, path.patientId, path.requestId, ctx),
}));
