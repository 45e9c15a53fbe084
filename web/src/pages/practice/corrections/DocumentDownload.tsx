import { useCallback, useState } from 'react';
import { errorMessage } from '../../../api/api-error';
import { portalApi } from '../../../api/portal-api';
import { Button } from '../../../components/Button/Button';
import { startDownload } from '../../../lib/download';
import { useAction } from '../../../lib/use-action';

/**
 * Downloads one of the patient's documents (what a request is about, or its amendment document). Like DownloadButton,
 * but named by what the document is to this request, since the request knows only its id.
 */
export function DocumentDownload({ patientId, documentId, label }: { patientId: string; documentId: string; label: string }) {
  const [error, setError] = useState<string | null>(null);
  const fetchAndStart = useCallback(async () => {
    setError(null);
    try {
      startDownload((await portalApi.downloadPatientDocument(patientId, documentId)).url);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [patientId, documentId]);
  const download = useAction(fetchAndStart);
  return (
    <span className="download">
      <Button variant="secondary" size="small" pending={download.pending} pendingLabel="Preparing…" onClick={() => void download.run()}>
        {label}
      </Button>
      {error && (
        <span className="download__error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
