import { RecipientDownloadInput } from '../../shared/domain/schemas';
import { endpoint } from '../../shared/platform/http';
import { downloadTransmissionFile } from '../../shared/usecases/transmissions';

/** POST /api/recipient/download: a 5-minute link for one file of the package (or the archive); counts a download. */
export const handler = endpoint({ auth: 'none', body: RecipientDownloadInput }, async ({ body, deps, ctx }) => ({
  status: 200,
  body: await downloadTransmissionFile(deps, body, ctx),
}));
