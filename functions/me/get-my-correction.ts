import { CorrectionPath } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { getMyCorrection } from '../../shared/usecases/corrections';

/** GET /api/me/corrections/{requestId}: one of the patient's requests with every step so far. */
export const handler = endpoint({ auth: 'jwt', action: 'correction.read', path: CorrectionPath }, async ({ principal, path, deps, ctx }) => ({
  status: 200,
  body: await getMyCorrection(deps, principal, path.requestId, ctx),
}));
