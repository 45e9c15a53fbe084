import { useId } from 'react';
import { Link } from 'react-router';
import { useMyRecordFirstPages } from '../../api/hooks';
import { ExportPanel } from '../../components/ExportPanel/ExportPanel';
import { LoadingState } from '../../components/LoadingState/LoadingState';
import { QueryError } from '../../components/QueryError/QueryError';
import type { DataClass, Page, RecordItemView } from '../../domain';
import { usePageTitle } from '../../lib/use-page-title';
import { DATA_CLASS_LABELS, RECORD_CLASSES, emptyMessage } from '../../record/data-classes';
import { itemDate } from '../../record/filter';
import { formatFhirDate, presentResource } from '../../record/present';

const PREVIEW = 3;

interface ClassQuery {
  data: Page<RecordItemView> | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

function ClassCard({ dataClass, query }: { dataClass: DataClass; query: ClassQuery }) {
  const headingId = useId();
  const label = DATA_CLASS_LABELS[dataClass];
  const items = query.data?.items ?? [];
  const more = query.data?.nextCursor !== undefined;
  return (
    <section className="card summary-card" aria-labelledby={headingId}>
      <h2 id={headingId} className="summary-card__title">
        {label.title}
      </h2>
      {query.isPending ? (
        <LoadingState label={`Loading ${label.noun.many}…`} />
      ) : query.isError ? (
        <QueryError error={query.error} title={`We couldn't load your ${label.noun.many}`} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <p className="empty-state">{emptyMessage(dataClass)}</p>
      ) : (
        <>
          <ul className="summary-card__list">
            {items.slice(0, PREVIEW).map((item) => {
              const presented = presentResource(item.resource);
              const date = itemDate(item);
              return (
                <li key={`${item.practiceId}/${item.itemKey}`} className="summary-card__item">
                  <span className="summary-card__item-title">{presented.title}</span>
                  {presented.subtitle && <span className="summary-card__item-sub">{presented.subtitle}</span>}
                  {presented.badges.map((b) => (
                    <span key={b.label} className={b.tone === 'alert' ? 'badge badge--alert' : 'badge badge--info'}>
                      {b.label}
                    </span>
                  ))}
                  <span className="summary-card__item-meta">
                    {date && <time dateTime={date}>{formatFhirDate(date)}</time>}
                    {date && ' · '}
                    {item.practiceName}
                  </span>
                </li>
              );
            })}
          </ul>
          <p className="summary-card__more">
            <Link to={`/record/${dataClass}`}>
              {more ? 'See all' : `See all ${items.length}`}{' '}
              <span className="visually-hidden">{label.noun.many}</span>
            </Link>
          </p>
        </>
      )}
    </section>
  );
}

/** /record: every data class at a glance, the newest few items of each. */
export function RecordSummaryPage() {
  usePageTitle('Your health record');
  const queries = useMyRecordFirstPages();
  const allPending = queries.every((q) => q.isPending);
  return (
    <>
      <div className="page-head">
        <h1>Your health record</h1>
        <p className="lead">
          What your practices have shared with you, newest first. Open a section to see everything in it, or see it all on a{' '}
          <Link to="/record/timeline">timeline</Link>.
        </p>
      </div>
      {allPending && <LoadingState label="Loading your health record…" />}
      <div className="summary-grid">
        {RECORD_CLASSES.map((dataClass, i) => (
          <ClassCard key={dataClass} dataClass={dataClass} query={queries[i]!} />
        ))}
      </div>
      <ExportPanel />
    </>
  );
}
