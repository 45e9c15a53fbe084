import { endpoint } from '../../shared/platform/http';
import { getMe } from '../../shared/usecases/account';

/** GET /api/me: who is signed in, with their practice or linked practices. */
export const handler = endpoint({ auth: 'jwt', action: 'account.read' }, async ({ principal, deps, ctx }) => ({
  status: 200,
  body: await getMe(deps, principal, ctx),
}));
