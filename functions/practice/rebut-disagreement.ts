import { PatientCorrectionPath, RebuttalInput } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { rebutDisagreement } from '../../shared/usecases/corrections';

/** POST /api/practice/patients/{patientId}/corrections/{requestId}/rebuttal: answer a statement of disagreement. */
export const handler = endpoint(
  { auth: 'jwt', action: 'correction.rebut', path: PatientCorrectionPath, body: RebuttalInput },
  async ({ principal, path, body, deps, ctx }) => ({ status: 200, body: await rebutDisagreement(deps, principal, path.patientId, path.requestId, body.text, ctx) }),
);
