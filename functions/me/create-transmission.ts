import { CreateTransmissionInput } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { createTransmission } from '../../shared/usecases/transmissions';

/**
 * POST /api/me/transmissions: the patient directs a copy of their record to a third party. 201 with the access
 * code (once) for a new transmission; 200 with the same transmission for a retry with the same idempotency key.
 */
export const handler = endpoint({ auth: 'jwt', action: 'transmission.create', body: CreateTransmissionInput }, async ({ principal, body, deps, ctx }) => {
  const { view, replayed } = await createTransmission(deps, principal, body, ctx);
  return { status: replayed ? 200 : 201, body: view };
});
