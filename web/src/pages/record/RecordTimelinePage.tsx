import { useId, useState } from 'react';
import { useMe, useMyRecordFirstPages } from '../../api/hooks';
import { LoadingState } from '../../components/LoadingState/LoadingState';
import { QueryError } from '../../components/QueryError/QueryError';
import { RecordFilters } from '../../components/RecordFilters/RecordFilters';
import type { DataClass, RecordItemView } from '../../domain';
import { usePageTitle } from '../../lib/use-page-title';
import { DATA_CLASS_LABELS, RECORD_CLASSES } from '../../record/data-classes';
import { NO_FILTER, filterQuery, isFiltered, isValidFilter, itemDate, type RecordFilter } from '../../record/filter';
import { formatFhirDate, presentResource } from '../../record/present';

const MONTH = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });

interface Entry {
  item: RecordItemView;
  date: string;
}

/** Entries grouped by month ("2026-03"), newest month first, newest first within a month. */
export function groupByMonth(items: readonly RecordItemView[]): Array<{ month: string; label: string; entries: Entry[] }> {
  const dated: Entry[] = items.flatMap((item) => {
    const date = itemDate(item);
    return date && /^\d{4}-\d{2}/.test(date) ? [{ item, date }] : [];
  });
  dated.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  const months = new Map<string, Entry[]>();
  for (const entry of dated) {
    const month = entry.date.slice(0, 7);
    months.set(month, [...(months.get(month) ?? []), entry]);
  }
  return [...months].map(([month, entries]) => ({
    month,
    label: MONTH.format(new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1))),
    entries,
  }));
}

function MonthSection({ label, entries }: { label: string; entries: Entry[] }) {
  const headingId = useId();
  return (
    <section className="timeline__month" aria-labelledby={headingId}>
      <h2 id={headingId} className="timeline__heading">
        {label}
      </h2>
      <ol className="timeline__list">
        {entries.map(({ item, date }) => {
          const presented = presentResource(item.resource);
          return (
            <li key={`${item.dataClass}/${item.practiceId}/${item.itemKey}`} className="timeline__entry">
              <time className="timeline__date" dateTime={date}>
                {formatFhirDate(date)}
              </time>
              <span className="timeline__class">{DATA_CLASS_LABELS[item.dataClass as DataClass].title}</span>
              <span className="timeline__title">
                {presented.title}
                {presented.subtitle && <span className="timeline__sub">{presented.subtitle}</span>}
              </span>
              <span className="timeline__practice">{item.practiceName}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** /record/timeline: the newest items of every class, merged by date and grouped by month. */
export function RecordTimelinePage() {
  usePageTitle('Timeline');
  const me = useMe();
  const [filter, setFilter] = useState<RecordFilter>(NO_FILTER);
  const queries = useMyRecordFirstPages(filterQuery(filter), isValidFilter(filter));
  const loaded = queries.flatMap((q) => q.data?.items ?? []);
  const months = groupByMonth(loaded);
  const failed = RECORD_CLASSES.filter((_, i) => queries[i]?.isError);
  const pending = queries.some((q) => q.isPending);
  return (
    <>
      <div className="page-head">
        <h1>Timeline</h1>
        <p className="lead">Your most recent records from every section, by month. Each section's own page has the full list.</p>
      </div>
      {failed.length > 0 && (
        <QueryError
          error={queries.find((q) => q.isError)?.error}
          title={`We couldn't load: ${failed.map((c) => DATA_CLASS_LABELS[c].title).join(', ')}`}
          onRetry={() => queries.forEach((q) => q.isError && void q.refetch())}
        />
      )}
      {pending ? (
        <LoadingState label="Loading your timeline…" />
      ) : loaded.length === 0 && !isFiltered(filter) ? (
        <p className="empty-state">Nothing in your record yet. Records appear here as soon as your practice shares them.</p>
      ) : (
        <>
          <div className="card card--compact">
            <RecordFilters practices={me.data?.links ?? []} value={filter} onChange={setFilter} />
          </div>
          {months.length === 0 ? (
            <p className="empty-state">Nothing matches these filters.</p>
          ) : (
            <div className="timeline" aria-busy={queries.some((q) => q.isPlaceholderData) || undefined}>
              {months.map((m) => (
                <MonthSection key={m.month} label={m.label} entries={m.entries} />
              ))}
            </div>
          )}
        </>
      )}
    </>
  );
}
