import { useId } from 'react';
import { Link } from 'react-router';
import { useCorrectionQueue } from '../../api/hooks';
import { LoadingState } from '../LoadingState/LoadingState';
import { QueryError } from '../QueryError/QueryError';

/**
 * The practice home's pointer to the correction queue: how many open requests (of the first page loaded; "25+"
 * when there are more) and how many of those are overdue.
 */
export function CorrectionQueueSummary() {
  const headingId = useId();
  const queue = useCorrectionQueue('open');
  let body;
  if (queue.isPending) body = <LoadingState label="Loading correction requests…" />;
  else if (queue.isLoadingError) body = <QueryError error={queue.error} title="We couldn't load the correction requests" onRetry={() => void queue.refetch()} />;
  else {
    const items = queue.data.pages.flatMap((p) => p.items);
    const overdue = items.filter((r) => r.overdue).length;
    const count = `${items.length}${queue.hasNextPage ? '+' : ''}`;
    body =
      items.length === 0 ? (
        <p className="queue-summary__line">No open requests.</p>
      ) : (
        <p className="queue-summary__line">
          <strong>{count}</strong> open {items.length === 1 && !queue.hasNextPage ? 'request' : 'requests'}
          {overdue > 0 && (
            <>
              ,{' '}
              <strong className="queue-summary__overdue">
                <span className="badge__icon" aria-hidden="true">
                  !
                </span>{' '}
                {overdue} overdue
              </strong>
            </>
          )}
          .
        </p>
      );
  }
  return (
    <section className="card card--compact queue-summary" aria-labelledby={headingId}>
      <h2 id={headingId}>Correction requests</h2>
      {body}
      <p className="queue-summary__link">
        <Link to="/practice/corrections">Review correction requests</Link>
      </p>
    </section>
  );
}
