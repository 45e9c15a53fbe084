import { RegisterPatientInput } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { registerPatient } from '../../shared/usecases/practice-patients';

/** POST /api/practice/patients: a practice admin registers a patient and gets a one-time invitation code. */
export const handler = endpoint({ auth: 'jwt', action: 'patient.register', body: RegisterPatientInput }, async ({ principal, body, deps, ctx }) => ({
  status: 201,
  body: await registerPatient(deps, principal, body, ctx),
}));
