import { CreateCorrectionInput } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { requestCorrection } from '../../shared/usecases/corrections';

/** POST /api/me/corrections: the patient asks a practice to correct a document, an item, or something else. */
export const handler = endpoint({ auth: 'jwt', action: 'correction.request', body: CreateCorrectionInput }, async ({ principal, body, deps, ctx }) => ({
  status: 201,
  body: await requestCorrection(deps, principal, body, ctx),
}));
