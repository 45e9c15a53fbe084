import { CompleteUploadInput, UploadIdPath } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { completeUpload } from '../../shared/usecases/uploads';

/** POST /api/practice/uploads/{uploadId}/complete: verifies the uploaded file and makes it a document, or says why not. */
export const handler = endpoint(
  { auth: 'jwt', action: 'document.create', path: UploadIdPath, body: CompleteUploadInput, optionalBody: true },
  async ({ principal, path, body, deps, ctx }) => ({ status: 201, body: await completeUpload(deps, principal, path.uploadId, ctx, body?.parts) }),
);
