import { TransmissionPath } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { revokeTransmission } from '../../shared/usecases/transmissions';

/** POST /api/me/transmissions/{transmissionId}/revoke: the link stops working (410) from now on. */
export const handler = endpoint({ auth: 'jwt', action: 'transmission.revoke', path: TransmissionPath }, async ({ principal, path, deps, ctx }) => ({
  status: 200,
  body: await revokeTransmission(deps, principal, path.transmissionId, ctx),
}));
