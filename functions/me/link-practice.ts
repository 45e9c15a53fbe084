import { LinkPracticeInput } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { linkPractice } from '../../shared/usecases/account';

/** POST /api/me/links: a signed-in patient links another practice with its invitation code. */
export const handler = endpoint({ auth: 'jwt', action: 'account.link', body: LinkPracticeInput }, async ({ principal, body, deps, ctx }) => ({
  status: 201,
  body: await linkPractice(deps, principal, body, ctx),
}));
