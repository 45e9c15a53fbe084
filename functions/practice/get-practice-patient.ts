import { PatientIdPath } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { getPracticePatient } from '../../shared/usecases/practice-patients';

/** GET /api/practice/patients/{patientId}: one patient of the caller's practice. */
export const handler = endpoint({ auth: 'jwt', action: 'patient.read', path: PatientIdPath }, async ({ principal, path, deps, ctx }) => ({
  status: 200,
  body: await getPracticePatient(deps, principal, path.patientId, ctx),
}));
