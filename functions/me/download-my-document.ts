import { DocumentIdPath } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { downloadMyDocument } from '../../shared/usecases/uploads';

/** GET /api/me/documents/{documentId}/download: a short-lived URL for the original of one of the patient's documents. */
export const handler = endpoint({ auth: 'jwt', action: 'document.download', path: DocumentIdPath }, async ({ principal, path, deps, ctx }) => ({
  status: 200,
  body: await downloadMyDocument(deps, principal, path.documentId, ctx),
}));
