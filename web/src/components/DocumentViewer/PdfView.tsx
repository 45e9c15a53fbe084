import { useMemo } from 'react';
import { useObjectUrl } from './useObjectUrl';

/** A PDF in the browser's own viewer, from a blob: URL (the file never gets a web address). */
export function PdfView({ blob, title }: { blob: Blob; title: string }) {
  const typed = useMemo(() => (blob.type === 'application/pdf' ? blob : blob.slice(0, blob.size, 'application/pdf')), [blob]);
  const url = useObjectUrl(typed);
  if (!url) return null;
  return <iframe className="viewer__frame" src={url} title={title} />;
}
