import { useCallback, useState } from 'react';
import { errorMessage } from '../../api/api-error';
import type { DocumentSummary, DownloadLink } from '../../domain';
import { startDownload } from '../../lib/download';
import { formatCalendarDate } from '../../lib/format';
import { useAction } from '../../lib/use-action';
import { Button } from '../Button/Button';

export interface DownloadButtonProps {
  document: Pick<DocumentSummary, 'documentId' | 'title' | 'date'>;
  /** Asks the API for a fresh, short-lived link (patient or practice endpoint). */
  getLink: (documentId: string) => Promise<DownloadLink>;
}

/**
 * "Download", named after the document for screen readers ("Download Visit summary, Feb 1, 2025"). The link
 * is fetched on click and followed at once, never stored: it would let anyone holding it read the file.
 */
export function DownloadButton({ document: doc, getLink }: DownloadButtonProps) {
  const [error, setError] = useState<string | null>(null);
  const fetchAndStart = useCallback(async () => {
    setError(null);
    try {
      const link = await getLink(doc.documentId);
      startDownload(link.url);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [doc.documentId, getLink]);
  const download = useAction(fetchAndStart);
  return (
    <span className="download">
      <Button variant="secondary" size="small" pending={download.pending} pendingLabel="Preparing…" onClick={() => void download.run()}>
        Download <span className="visually-hidden">{doc.title}, {formatCalendarDate(doc.date)}</span>
      </Button>
      {error && (
        <span className="download__error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
