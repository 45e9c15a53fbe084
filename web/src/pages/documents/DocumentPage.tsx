import { Link, useLocation, useParams } from 'react-router';
import { useMyDocument, useMyDocumentContent } from '../../api/hooks';
import { portalApi } from '../../api/portal-api';
import { deniedRequestsAbout, isAboutDocument, newCorrectionPath, openRequestsAbout } from '../../components/CorrectionLinks/correction-links';
import { CorrectionMarks } from '../../components/CorrectionMarks/CorrectionMarks';
import { useLoadedCorrections } from '../../components/CorrectionMarks/correction-queries';
import { CannotShow } from '../../components/DocumentViewer/CannotShow';
import { DocumentViewer, viewerShape } from '../../components/DocumentViewer/DocumentViewer';
import { DownloadButton } from '../../components/DownloadButton/DownloadButton';
import { LoadingState } from '../../components/LoadingState/LoadingState';
import { QueryError } from '../../components/QueryError/QueryError';
import type { DocumentSummary } from '../../domain';
import { formatCalendarDate, formatDocumentKind } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';

/** The documents table hands the row over in the router's state, sparing a lookup. */
export interface DocumentPageState {
  document?: DocumentSummary;
}

function handedOver(state: unknown): DocumentSummary | undefined {
  const doc = (state as DocumentPageState | null)?.document;
  return doc && typeof doc === 'object' && typeof doc.documentId === 'string' && typeof doc.title === 'string' ? doc : undefined;
}

function BackLink() {
  return (
    <p className="back-link">
      <Link to="/">← Back to your records</Link>
    </p>
  );
}

function DocumentContents({ document: doc }: { document: DocumentSummary }) {
  const content = useMyDocumentContent(doc.documentId, viewerShape(doc) !== 'unknown');
  if (viewerShape(doc) === 'unknown' || content.isError) return <CannotShow />;
  if (content.isPending) return <LoadingState label="Loading the document…" />;
  return <DocumentViewer document={doc} blob={content.data} />;
}

/** /documents/:documentId: one of the patient's documents, shown in the portal. No PHI in the URL or the tab title. */
export function DocumentPage() {
  usePageTitle('Document');
  const { documentId = '' } = useParams();
  const location = useLocation();
  const summary = useMyDocument(documentId, handedOver(location.state));
  const { corrections } = useLoadedCorrections();

  if (summary.isPending) {
    return (
      <>
        <BackLink />
        <LoadingState label="Loading the document…" />
      </>
    );
  }
  if (summary.isError) {
    return (
      <>
        <BackLink />
        <div className="page-head">
          <h1>Document</h1>
        </div>
        <QueryError error={summary.error} title="We couldn't open this document" onRetry={() => void summary.refetch()} />
      </>
    );
  }
  const doc = summary.data;
  return (
    <>
      <BackLink />
      <div className="page-head viewer-head">
        <div>
          <h1>{doc.title}</h1>
          <p className="lead viewer-head__meta">
            {formatDocumentKind(doc.kind)} · <time dateTime={doc.date}>{formatCalendarDate(doc.date)}</time> · {doc.practiceName}
          </p>
        </div>
        <div className="viewer-head__actions">
          <DownloadButton document={doc} getLink={portalApi.downloadMyDocument} />
          <Link className="button button--secondary button--small" to={newCorrectionPath({ kind: 'document', documentId: doc.documentId })} state={{ document: doc }}>
            Request a correction
          </Link>
        </div>
      </div>
      <CorrectionMarks amendedBy={doc.amendedBy} open={openRequestsAbout(corrections, (c) => isAboutDocument(c, doc))} denied={deniedRequestsAbout(corrections, (c) => isAboutDocument(c, doc))} />
      <div className="card viewer-card">
        <DocumentContents document={doc} />
      </div>
    </>
  );
}
