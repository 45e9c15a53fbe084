import { CorrectionPath, DisagreementInput } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { fileDisagreement } from '../../shared/usecases/corrections';

/** POST /api/me/corrections/{requestId}/disagreement: the patient's statement of disagreement with a denial. */
export const handler = endpoint(
  { auth: 'jwt', action: 'correction.disagree', path: CorrectionPath, body: DisagreementInput },
  async ({ principal, path, body, deps, ctx }) => ({ status: 200, body: await fileDisagreement(deps, principal, path.requestId, body.statement, ctx) }),
);
