import { useId, useMemo, useState } from 'react';
import { useMyActivity } from '../../api/hooks';
import {
  ActivityFilters,
  NO_ACTIVITY_FILTER,
  activityQuery,
  isActivityFiltered,
  isValidActivityFilter,
  type ActivityFilterValue,
} from '../../components/ActivityFilters/ActivityFilters';
import { ActivityTable } from '../../components/ActivityTable/ActivityTable';
import { localZoneText } from '../../components/ActivityText/activity-text';
import { ActivityVerify } from '../../components/ActivityVerify/ActivityVerify';
import { LoadingState } from '../../components/LoadingState/LoadingState';
import { LoadMore } from '../../components/LoadMore/LoadMore';
import { QueryError } from '../../components/QueryError/QueryError';
import { usePageTitle } from '../../lib/use-page-title';

const EVENTS = { one: 'event', many: 'events' };

/** /activity: the patient's history, newest first, by kind and date; and the check that it is complete. */
export function ActivityPage() {
  usePageTitle('Who saw your records');
  const [filter, setFilter] = useState<ActivityFilterValue>(NO_ACTIVITY_FILTER);
  const query = useMemo(() => activityQuery(filter), [filter]);
  const activity = useMyActivity(query, isValidActivityFilter(filter));
  const listId = useId();
  const events = useMemo(() => activity.data?.pages.flatMap((page) => page.items) ?? [], [activity.data]);
  const filtered = isActivityFiltered(filter);

  let list;
  if (activity.isPending) {
    list = <LoadingState label="Loading your history…" />;
  } else if (activity.isLoadingError) {
    list = <QueryError error={activity.error} title="We couldn't load your history" onRetry={() => void activity.refetch()} />;
  } else {
    list = (
      <>
        {events.length > 0 ? (
          <>
            <p className="muted activity-zone-note">
              Times are in your time zone ({localZoneText()}). Point at a time to see it in UTC.
            </p>
            <ActivityTable events={events} caption={filtered ? 'Matching events, newest first' : 'Your history, newest first'} />
          </>
        ) : activity.hasNextPage ? (
          // The server filters a page of events by kind after reading it: an empty page can still have more behind it.
          <p className="empty-state">None of the most recent events match. Load more to look further back.</p>
        ) : (
          <p className="empty-state">
            {filtered ? 'Nothing in your history matches these filters.' : 'Nothing has happened with your records yet.'}
          </p>
        )}
        <LoadMore
          shown={events.length}
          noun={EVENTS}
          hasMore={activity.hasNextPage}
          loading={activity.isFetchingNextPage}
          onLoadMore={() => void activity.fetchNextPage()}
        />
        {activity.isFetchNextPageError && <QueryError error={activity.error} title="We couldn't load more events" />}
        {activity.isRefetchError && <QueryError error={activity.error} title="We couldn't update this list" onRetry={() => void activity.refetch()} />}
      </>
    );
  }

  return (
    <>
      <div className="card card--compact">
        <ActivityFilters value={filter} onChange={setFilter} />
      </div>
      <section className="card" aria-labelledby={listId} aria-busy={activity.isPlaceholderData || undefined}>
        <h2 id={listId}>{filtered ? 'Matching events' : 'Your history'}</h2>
        {list}
      </section>
      <ActivityVerify />
    </>
  );
}
