import { useId, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { useMe, useMyRecord } from '../../api/hooks';
import { LoadingState } from '../../components/LoadingState/LoadingState';
import { LoadMore } from '../../components/LoadMore/LoadMore';
import { QueryError } from '../../components/QueryError/QueryError';
import { RecordFilters } from '../../components/RecordFilters/RecordFilters';
import { RecordList } from '../../components/RecordList/RecordList';
import { TrendChart } from '../../components/TrendChart/TrendChart';
import type { DataClass } from '../../domain';
import { usePageTitle } from '../../lib/use-page-title';
import { chartSeries } from '../../record/charts';
import { CHARTED_CLASSES, DATA_CLASS_LABELS, emptyMessage, isDataClass } from '../../record/data-classes';
import { NO_FILTER, filterQuery, isFiltered, isValidFilter, type RecordFilter } from '../../record/filter';
import { NotFoundPage } from '../errors/NotFoundPage';

/** /record/:dataClass: one data class of the patient's record. */
export function RecordClassPage() {
  const { dataClass } = useParams();
  if (!isDataClass(dataClass)) return <NotFoundPage />;
  // A new class starts with its own filters and paging.
  return <RecordClassView key={dataClass} dataClass={dataClass} />;
}

function RecordClassView({ dataClass }: { dataClass: DataClass }) {
  const label = DATA_CLASS_LABELS[dataClass];
  usePageTitle(label.title);
  const me = useMe();
  const [filter, setFilter] = useState<RecordFilter>(NO_FILTER);
  const record = useMyRecord(dataClass, filterQuery(filter), isValidFilter(filter));
  const listId = useId();
  const trendsId = useId();
  const items = useMemo(() => record.data?.pages.flatMap((page) => page.items) ?? [], [record.data]);
  const series = useMemo(() => (CHARTED_CLASSES.has(dataClass) ? chartSeries(items) : []), [dataClass, items]);

  const head = (
    <div className="page-head">
      <h1>{label.title}</h1>
      <p className="lead">From all your practices, newest first.</p>
    </div>
  );
  if (record.isPending) {
    return (
      <>
        {head}
        <LoadingState label={`Loading your ${label.noun.many}…`} />
      </>
    );
  }
  if (record.isLoadingError) {
    return (
      <>
        {head}
        <QueryError error={record.error} title={`We couldn't load your ${label.noun.many}`} onRetry={() => void record.refetch()} />
      </>
    );
  }
  if (items.length === 0 && !isFiltered(filter)) {
    return (
      <>
        {head}
        <p className="empty-state">{emptyMessage(dataClass)}. They appear here as soon as your practice shares them.</p>
      </>
    );
  }
  return (
    <>
      {head}
      <div className="card card--compact">
        <RecordFilters practices={me.data?.links ?? []} value={filter} onChange={setFilter} />
      </div>
      {series.length > 0 && (
        <section className="card" aria-labelledby={trendsId}>
          <h2 id={trendsId}>Trends</h2>
          <p className="muted">Tests with two or more values. The shaded band is the normal range; values outside it are marked with a triangle.</p>
          <div className="chart-grid">
            {series.map((s) => (
              <TrendChart key={s.key} series={s} />
            ))}
          </div>
        </section>
      )}
      <section className="card" aria-labelledby={listId} aria-busy={record.isPlaceholderData || undefined}>
        <h2 id={listId}>{isFiltered(filter) ? `Matching ${label.noun.many}` : `All ${label.noun.many}`}</h2>
        {items.length > 0 ? (
          <RecordList items={items} label={label.title} />
        ) : (
          <p className="empty-state">No {label.noun.many} match these filters.</p>
        )}
        <LoadMore
          shown={items.length}
          noun={label.noun}
          hasMore={record.hasNextPage}
          loading={record.isFetchingNextPage}
          onLoadMore={() => void record.fetchNextPage()}
        />
        {record.isFetchNextPageError && <QueryError error={record.error} title={`We couldn't load more ${label.noun.many}`} />}
        {record.isRefetchError && <QueryError error={record.error} title="We couldn't update this list" onRetry={() => void record.refetch()} />}
      </section>
    </>
  );
}
