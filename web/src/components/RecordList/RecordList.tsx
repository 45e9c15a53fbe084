import { useMyDocuments } from '../../api/hooks';
import type { RecordItemView } from '../../domain';
import { cx } from '../../lib/class-names';
import { itemDate } from '../../record/filter';
import { formatFhirDate, presentResource } from '../../record/present';

/** Titles of the patient's documents by id, from the pages loaded so far (items name the documents they came from). */
export function useDocumentTitles(): Map<string, string> {
  const documents = useMyDocuments();
  return new Map((documents.data?.pages ?? []).flatMap((page) => page.items).map((d) => [d.documentId, d.title]));
}

function RecordRow({ item, documentTitles }: { item: RecordItemView; documentTitles: Map<string, string> }) {
  const presented = presentResource(item.resource);
  const date = itemDate(item) ?? presented.date;
  const sources = item.sources.map((id) => documentTitles.get(id)).filter((t): t is string => t !== undefined);
  return (
    <li className="record-item">
      <div className="record-item__main">
        <h3 className="record-item__title">{presented.title}</h3>
        {presented.subtitle && <p className="record-item__subtitle">{presented.subtitle}</p>}
        {(presented.badges.length > 0 || presented.status) && (
          <p className="record-item__badges">
            {presented.badges.map((badge) => (
              <span key={badge.label} className={cx('badge', badge.tone === 'alert' ? 'badge--alert' : 'badge--info')}>
                {badge.tone === 'alert' && (
                  <span className="badge__icon" aria-hidden="true">
                    !
                  </span>
                )}
                {badge.label}
              </span>
            ))}
            {presented.status && !presented.badges.some((b) => b.label === presented.status) && (
              <span className="record-item__status">
                <span className="visually-hidden">Status: </span>
                {presented.status}
              </span>
            )}
          </p>
        )}
        {presented.details.length > 0 && (
          <dl className="record-item__details">
            {presented.details.map((detail, i) => (
              <div key={`${detail.label}-${i}`}>
                <dt>{detail.label}</dt>
                <dd>{detail.value}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
      <div className="record-item__meta">
        {date ? <time dateTime={date}>{formatFhirDate(date)}</time> : <span>No date</span>}
        <span className="record-item__practice">
          <span className="visually-hidden">From </span>
          {item.practiceName}
        </span>
        {sources.length > 0 && <span className="record-item__source">Source: {sources.join(', ')}</span>}
      </div>
    </li>
  );
}

/** Items of the record, each with its date, source practice and source document. */
export function RecordList({ items, label }: { items: readonly RecordItemView[]; label: string }) {
  const documentTitles = useDocumentTitles();
  return (
    <ul className="record-list" aria-label={label}>
      {items.map((item) => (
        <RecordRow key={`${item.practiceId}/${item.itemKey}`} item={item} documentTitles={documentTitles} />
      ))}
    </ul>
  );
}
