import { useId } from 'react';
import type { DocumentSummary } from '../../domain';
import { formatBytes, formatCalendarDate, formatDocumentKind } from '../../lib/format';

/** The patient's documents. Scrolls sideways on narrow screens (keyboard too: the region is focusable). */
export function DocumentsTable({ documents }: { documents: readonly DocumentSummary[] }) {
  const captionId = useId();
  return (
    <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table">
        <caption id={captionId} className="visually-hidden">
          Your records, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Practice</th>
            <th scope="col">Date</th>
            <th scope="col">Type</th>
            <th scope="col" className="table__num">
              Size
            </th>
          </tr>
        </thead>
        <tbody>
          {documents.map((doc) => (
            <tr key={doc.documentId}>
              <th scope="row" className="table__title">
                {doc.title}
                {doc.author && <span className="table__sub">{doc.author}</span>}
              </th>
              <td>{doc.practiceName}</td>
              <td>
                <time dateTime={doc.date}>{formatCalendarDate(doc.date)}</time>
              </td>
              <td>{formatDocumentKind(doc.kind)}</td>
              <td className="table__num">{formatBytes(doc.size)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
