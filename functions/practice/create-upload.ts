import { CreateUploadInput, PatientIdPath } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { createUpload } from '../../shared/usecases/uploads';

/** POST /api/practice/patients/{patientId}/uploads: a presigned PUT for one file, bound to its type and SHA-256. */
export const handler = endpoint(
  { auth: 'jwt', action: 'document.upload-start', path: PatientIdPath, body: CreateUploadInput },
  async ({ principal, path, body, deps, ctx }) => ({ status: 201, body: await createUpload(deps, principal, path.patientId, body, ctx) }),
);
