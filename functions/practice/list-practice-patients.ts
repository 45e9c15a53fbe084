import { PatientListQuery } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { listPracticePatients } from '../../shared/usecases/practice-patients';

/** GET /api/practice/patients: the caller's practice's patients, newest first. */
export const handler = endpoint({ auth: 'jwt', action: 'patient.list', query: PatientListQuery }, async ({ principal, query, deps, ctx }) => ({
  status: 200,
  body: await listPracticePatients(deps, principal, query, ctx),
}));
