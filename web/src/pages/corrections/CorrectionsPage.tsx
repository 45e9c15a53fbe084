import { useId } from 'react';
import { Link } from 'react-router';
import { useMyCorrections } from '../../api/hooks';
import { correctionPath } from '../../components/CorrectionLinks/correction-links';
import { CorrectionStatusBadge, formatCorrectionDate, isOpenCorrection } from '../../components/CorrectionStatusBadge/CorrectionStatusBadge';
import { LoadingState } from '../../components/LoadingState/LoadingState';
import { LoadMore } from '../../components/LoadMore/LoadMore';
import { QueryError } from '../../components/QueryError/QueryError';
import { RESPONSE_DAYS, type CorrectionView } from '../../domain';
import { usePageTitle } from '../../lib/use-page-title';

const KIND_LABELS: Record<CorrectionView['target']['kind'], string> = {
  document: 'Document',
  item: 'Item in your health record',
  general: 'General request',
};

function CorrectionsTable({ corrections }: { corrections: readonly CorrectionView[] }) {
  const captionId = useId();
  return (
    <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table correction-table">
        <caption id={captionId} className="visually-hidden">
          Your correction requests, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">What it is about</th>
            <th scope="col">Practice</th>
            <th scope="col">Status</th>
            <th scope="col">Sent</th>
            <th scope="col">Answer due</th>
          </tr>
        </thead>
        <tbody>
          {corrections.map((c) => (
            <tr key={c.requestId}>
              <th scope="row" className="table__title">
                <Link to={correctionPath(c.requestId)}>{c.targetLabel}</Link>
                <span className="table__sub">{KIND_LABELS[c.target.kind]}</span>
              </th>
              <td>{c.practiceName}</td>
              <td>
                <CorrectionStatusBadge correction={c} />
              </td>
              <td>
                <time dateTime={c.receivedAt}>{formatCorrectionDate(c.receivedAt, 'medium')}</time>
              </td>
              <td>
                {isOpenCorrection(c) ? (
                  <time dateTime={c.dueAt}>{formatCorrectionDate(c.dueAt, 'medium')}</time>
                ) : c.decision ? (
                  <span className="muted">
                    Answered <time dateTime={c.decision.at}>{formatCorrectionDate(c.decision.at, 'medium')}</time>
                  </span>
                ) : (
                  <span className="muted">No answer needed</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** /corrections: the patient's requests to correct their record, newest first. */
export function CorrectionsPage() {
  usePageTitle('Your correction requests');
  const list = useMyCorrections();
  const listId = useId();
  const head = (
    <div className="page-head correction-list-head">
      <div>
        <h1>Your correction requests</h1>
        <p className="lead">
          If something in your record is wrong or missing, you can ask the practice to correct it. They must answer within{' '}
          {RESPONSE_DAYS} days.
        </p>
      </div>
      <Link className="button" to="/corrections/new">
        Ask for a correction
      </Link>
    </div>
  );
  if (list.isPending) {
    return (
      <>
        {head}
        <LoadingState label="Loading your requests…" />
      </>
    );
  }
  if (list.isLoadingError) {
    return (
      <>
        {head}
        <QueryError error={list.error} title="We couldn't load your requests" onRetry={() => void list.refetch()} />
      </>
    );
  }
  const corrections = list.data.pages.flatMap((page) => page.items);
  return (
    <>
      {head}
      {corrections.length === 0 ? (
        <div className="empty-state correction-empty">
          <p>You haven't asked for any corrections.</p>
          <p>
            To ask, open <Link to="/record">your health record</Link> or one of your documents and choose “Request a
            correction” next to what is wrong. For something not tied to one item, such as a missing allergy,{' '}
            <Link to="/corrections/new">ask for a correction</Link> here.
          </p>
        </div>
      ) : (
        <section className="card" aria-labelledby={listId}>
          <h2 id={listId}>All requests</h2>
          <CorrectionsTable corrections={corrections} />
          <LoadMore
            shown={corrections.length}
            noun={{ one: 'request', many: 'requests' }}
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
          />
          {list.isFetchNextPageError && <QueryError error={list.error} title="We couldn't load more requests" />}
          {list.isRefetchError && <QueryError error={list.error} title="We couldn't update this list" onRetry={() => void list.refetch()} />}
        </section>
      )}
    </>
  );
}
