import { SignUpPatientInput } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { signUpPatient } from '../../shared/usecases/auth';
import { sessionResponse } from './session-response';

/** POST /api/auth/sign-up: a patient creates an account with their practice's invitation code and date of birth. */
export const handler = endpoint({ auth: 'none', body: SignUpPatientInput }, async ({ body, deps, ctx }) =>
  sessionResponse(await signUpPatient(deps, body, ctx), deps.secureCookies, 201),
);
