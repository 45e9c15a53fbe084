import { CorrectionPath } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { withdrawCorrection } from '../../shared/usecases/corrections';

/** POST /api/me/corrections/{requestId}/withdraw: the patient withdraws a request not yet answered. */
export const handler = endpoint({ auth: 'jwt', action: 'correction.withdraw', path: CorrectionPath }, async ({ principal, path, deps, ctx }) => ({
  status: 200,
  body: await withdrawCorrection(deps, principal, path.requestId, ctx),
}));
