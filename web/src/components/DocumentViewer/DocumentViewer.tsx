import { useEffect, useState } from 'react';
import type { DocumentSummary } from '../../domain';
import { LoadingState } from '../LoadingState/LoadingState';
import { CannotShow } from './CannotShow';
import { CcdaView } from './CcdaView';
import { FhirView } from './FhirView';
import { ImageView } from './ImageView';
import { PdfView } from './PdfView';

type Shape = 'pdf' | 'image' | 'ccda' | 'fhir' | 'unknown';

const IMAGE_TYPES = new Set(['image/jpeg', 'image/jpg', 'image/png']);

/** How a document is shown, from its kind and declared content type. */
export function viewerShape(doc: Pick<DocumentSummary, 'kind' | 'contentType'>): Shape {
  const type = doc.contentType.split(';')[0]!.trim().toLowerCase();
  if (doc.kind === 'ccda') return 'ccda';
  if (doc.kind === 'fhir') return 'fhir';
  if (doc.kind === 'pdf' || type === 'application/pdf') return 'pdf';
  if (IMAGE_TYPES.has(type)) return 'image';
  return 'unknown';
}

/** The blob's text, read once it arrives. */
function useBlobText(blob: Blob): { text: string | undefined; failed: boolean } {
  const [state, setState] = useState<{ text: string | undefined; failed: boolean }>({ text: undefined, failed: false });
  useEffect(() => {
    let current = true;
    setState({ text: undefined, failed: false });
    blob.text().then(
      (text) => current && setState({ text, failed: false }),
      () => current && setState({ text: undefined, failed: true }),
    );
    return () => {
      current = false;
    };
  }, [blob]);
  return state;
}

function TextView({ blob, shape }: { blob: Blob; shape: 'ccda' | 'fhir' }) {
  const { text, failed } = useBlobText(blob);
  if (failed) return <CannotShow />;
  if (text === undefined) return <LoadingState label="Opening the document…" />;
  return shape === 'ccda' ? <CcdaView text={text} /> : <FhirView text={text} />;
}

/** The document's contents, in the way that suits its type. */
export function DocumentViewer({ document: doc, blob }: { document: DocumentSummary; blob: Blob }) {
  const shape = viewerShape(doc);
  switch (shape) {
    case 'pdf':
      return <PdfView blob={blob} title={doc.title} />;
    case 'image':
      return <ImageView blob={blob} alt={doc.title} />;
    case 'ccda':
    case 'fhir':
      return <TextView blob={blob} shape={shape} />;
    default:
      return <CannotShow />;
  }
}
