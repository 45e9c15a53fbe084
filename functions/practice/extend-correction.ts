import { ExtendCorrectionInput, PatientCorrectionPath } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { extendCorrection } from '../../shared/usecases/corrections';

/** POST /api/practice/patients/{patientId}/corrections/{requestId}/extend: the one 30-day extension. */
export const handler = endpoint(
  { auth: 'jwt', action: 'correction.extend', path: PatientCorrectionPath, body: ExtendCorrectionInput },
  async ({ principal, path, body, deps, ctx }) => ({ status: 200, body: await extendCorrection(deps, principal, path.patientId, path.requestId, body.reason, ctx) }),
);
