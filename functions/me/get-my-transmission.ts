import { TransmissionPath } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { getMyTransmission } from '../../shared/usecases/transmissions';

/** GET /api/me/transmissions/{transmissionId}: one transmission with its manifest and every event. */
export const handler = endpoint({ auth: 'jwt', action: 'transmission.read', path: TransmissionPath }, async ({ principal, path, deps, ctx }) => ({
  status: 200,
  body: await getMyTransmission(deps, principal, path.transmissionId, ctx),
}));
