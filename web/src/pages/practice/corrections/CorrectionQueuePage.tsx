import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { queryKeys, useCorrectionQueue } from '../../../api/hooks';
import { LoadingState } from '../../../components/LoadingState/LoadingState';
import { LoadMore } from '../../../components/LoadMore/LoadMore';
import { QueryError } from '../../../components/QueryError/QueryError';
import { EXTENSION_DAYS, RESPONSE_DAYS } from '../../../domain';
import { usePageTitle } from '../../../lib/use-page-title';
import { CorrectionQueueTable } from './CorrectionQueueTable';

type Queue = 'open' | 'closed';

const QUEUES: ReadonlyArray<{ value: Queue; label: string }> = [
  { value: 'open', label: 'Open' },
  { value: 'closed', label: 'Closed' },
];

/** `/practice/corrections`: requests to amend a record (HIPAA 164.526), open ones soonest due first. */
export function CorrectionQueuePage() {
  usePageTitle('Correction requests');
  const [params] = useSearchParams();
  const queue: Queue = params.get('status') === 'closed' ? 'closed' : 'open';
  const headingId = useId();
  return (
    <>
      <div className="page-head">
        <h1>Correction requests</h1>
        <p className="lead">
          Patients' requests to amend their record. Answer each within {RESPONSE_DAYS} days of receipt; you may extend once, by {EXTENSION_DAYS} days,
          before the first due date.
        </p>
      </div>
      <nav className="queue-tabs" aria-label="Correction requests">
        <ul className="queue-tabs__list">
          {QUEUES.map((q) => (
            <li key={q.value}>
              <Link
                className="queue-tabs__link"
                to={q.value === 'open' ? '/practice/corrections' : '/practice/corrections?status=closed'}
                aria-current={q.value === queue ? 'page' : undefined}
              >
                {q.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section className="card queue-card" aria-labelledby={headingId}>
        <h2 id={headingId}>{queue === 'open' ? 'Open requests' : 'Closed requests'}</h2>
        <QueueList key={queue} queue={queue} />
      </section>
    </>
  );
}

function QueueList({ queue }: { queue: Queue }) {
  const requests = useCorrectionQueue(queue);
  const queryClient = useQueryClient();
  // A work queue shows what is waiting now: a copy loaded earlier (the home page's summary loads the open queue)
  // is shown while it is fetched again, not for as long as it counts as fresh.
  useEffect(() => {
    const queryKey = queryKeys.correctionQueue(queue);
    const state = queryClient.getQueryState(queryKey);
    if (state?.dataUpdatedAt && state.fetchStatus === 'idle') void queryClient.refetchQueries({ queryKey, exact: true });
  }, [queryClient, queue]);
  if (requests.isPending) return <LoadingState label="Loading correction requests…" />;
  if (requests.isLoadingError) {
    return <QueryError error={requests.error} title="We couldn't load the correction requests" onRetry={() => void requests.refetch()} />;
  }
  const items = requests.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return (
      <p className="empty-state">
        {queue === 'open'
          ? 'No open correction requests. When a patient asks to correct their record, the request appears here with its due date.'
          : 'No closed correction requests yet. Accepted, denied and withdrawn requests appear here.'}
      </p>
    );
  }
  const overdue = items.filter((r) => r.overdue).length;
  return (
    <>
      {queue === 'open' && overdue > 0 && (
        <p className="queue-overdue-note">
          <strong>{overdue === 1 ? '1 request is overdue.' : `${overdue} requests are overdue.`}</strong> Answer overdue requests first.
        </p>
      )}
      <CorrectionQueueTable requests={items} queue={queue} />
      <LoadMore
        shown={items.length}
        noun={{ one: 'request', many: 'requests' }}
        hasMore={requests.hasNextPage}
        loading={requests.isFetchingNextPage}
        onLoadMore={() => void requests.fetchNextPage()}
      />
      {requests.isFetchNextPageError && <QueryError error={requests.error} title="We couldn't load more requests" />}
      {requests.isRefetchError && <QueryError error={requests.error} title="We couldn't update this list" onRetry={() => void requests.refetch()} />}
    </>
  );
}
