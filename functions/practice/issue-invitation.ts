import { PatientIdPath } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { issueInvitation } from '../../shared/usecases/practice-patients';

/** POST /api/practice/patients/{patientId}/invitation: a new code for a patient who has not linked yet. */
export const handler = endpoint({ auth: 'jwt', action: 'invitation.issue', path: PatientIdPath }, async ({ principal, path, deps, ctx }) => ({
  status: 201,
  body: await issueInvitation(deps, principal, path.patientId, ctx),
}));
