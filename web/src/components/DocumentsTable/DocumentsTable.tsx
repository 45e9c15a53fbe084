import { useId } from 'react';
import { Link } from 'react-router';
import type { DocumentSummary, DownloadLink } from '../../domain';
import { formatBytes, formatCalendarDate, formatDocumentKind } from '../../lib/format';
import { DownloadButton } from '../DownloadButton/DownloadButton';

export interface DocumentsTableProps {
  documents: readonly DocumentSummary[];
  /** Read by screen readers as the table's name. */
  caption?: string;
  /** The patient's own view lists documents from several practices; a practice's view leaves the column out. */
  showPractice?: boolean;
  /** Offers a Download button per row, fetching a fresh link from the given endpoint. */
  getDownloadLink?: ((documentId: string) => Promise<DownloadLink>) | undefined;
  /** Makes each title a link to the document's viewer page (the row goes along in the router's state). */
  viewerPath?: ((documentId: string) => string) | undefined;
}

/** A list of documents. Scrolls sideways on narrow screens (keyboard too: the region is focusable). */
export function DocumentsTable({ documents, caption = 'Your records, newest first', showPractice = true, getDownloadLink, viewerPath }: DocumentsTableProps) {
  const captionId = useId();
  return (
    <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table">
        <caption id={captionId} className="visually-hidden">
          {caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">Title</th>
            {showPractice && <th scope="col">Practice</th>}
            <th scope="col">Date</th>
            <th scope="col">Type</th>
            <th scope="col" className="table__num">
              Size
            </th>
            {getDownloadLink && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {documents.map((doc) => (
            <tr key={doc.documentId}>
              <th scope="row" className="table__title">
                {viewerPath ? (
                  <Link to={viewerPath(doc.documentId)} state={{ document: doc }}>
                    {doc.title}
                  </Link>
                ) : (
                  doc.title
                )}
                {doc.version !== undefined && doc.version > 1 && (
                  <>
                    {' '}
                    <span className="badge badge--version">
                      <span className="visually-hidden">version </span>v{doc.version}
                    </span>
                  </>
                )}
                {doc.amendedBy && doc.amendedBy.length > 0 && (
                  <>
                    {' '}
                    <span className="badge badge--amended">Amended</span>
                  </>
                )}
                {doc.author && <span className="table__sub">{doc.author}</span>}
              </th>
              {showPractice && <td>{doc.practiceName}</td>}
              <td>
                <time dateTime={doc.date}>{formatCalendarDate(doc.date)}</time>
              </td>
              <td>{formatDocumentKind(doc.kind)}</td>
              <td className="table__num">{formatBytes(doc.size)}</td>
              {getDownloadLink && (
                <td className="table__actions">
                  <DownloadButton document={doc} getLink={getDownloadLink} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
