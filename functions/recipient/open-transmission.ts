import { OpenTransmissionInput } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { openTransmission } from '../../shared/usecases/transmissions';

/** POST /api/recipient/open: the link's token (from the URL fragment, never a path or query). */
export const handler = endpoint({ auth: 'none', body: OpenTransmissionInput }, async ({ body, deps, ctx }) => ({
  status: 200,
  body: await openTransmission(deps, body.token, ctx),
}));
