import { PatientDocumentPath } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { downloadPatientDocument } from '../../shared/usecases/uploads';

/** GET /api/practice/patients/{patientId}/documents/{documentId}/download: staff download an original. */
export const handler = endpoint({ auth: 'jwt', action: 'document.download', path: PatientDocumentPath }, async ({ principal, path, deps, ctx }) => ({
  status: 200,
  body: await downloadPatientDocument(deps, principal, path.patientId, path.documentId, ctx),
}));
