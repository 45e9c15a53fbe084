import { CreateExportInput } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { createExport } from '../../shared/usecases/exports';

/** POST /api/me/exports: the patient's record (or a date range of it) as FHIR, PDF or C-CDA, behind a short-lived URL. */
export const handler = endpoint(
  { auth: 'jwt', action: 'record.export', body: CreateExportInput },
  async ({ principal, body, deps, ctx }) => ({ status: 201, body: await createExport(deps, principal, body, ctx) }),
);
