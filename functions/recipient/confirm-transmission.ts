import { RecipientSessionInput } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { confirmTransmissionReceipt } from '../../shared/usecases/transmissions';

/** POST /api/recipient/confirm: the recipient confirms receipt; the patient sees it. */
export const handler = endpoint({ auth: 'none', body: RecipientSessionInput }, async ({ body, deps, ctx }) => ({
  status: 200,
  body: await confirmTransmissionReceipt(deps, body, ctx),
}));
