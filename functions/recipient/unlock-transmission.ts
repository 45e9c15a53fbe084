import { UnlockTransmissionInput } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { unlockTransmission } from '../../shared/usecases/transmissions';

/** POST /api/recipient/unlock: the link's token and the access code the patient passed on. */
export const handler = endpoint({ auth: 'none', body: UnlockTransmissionInput }, async ({ body, deps, ctx }) => ({
  status: 200,
  body: await unlockTransmission(deps, body.token, body.code, ctx),
}));
