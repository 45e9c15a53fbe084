import { useId } from 'react';
import { Link } from 'react-router';
import { useMyTransmissions } from '../../api/hooks';
import { LoadingState } from '../../components/LoadingState/LoadingState';
import { LoadMore } from '../../components/LoadMore/LoadMore';
import { QueryError } from '../../components/QueryError/QueryError';
import { downloadsText, formatTransmissionDate, TransmissionStatusBadge } from '../../components/TransmissionStatusBadge/TransmissionStatusBadge';
import type { TransmissionView } from '../../domain';
import { usePageTitle } from '../../lib/use-page-title';
import { transmissionPath } from './paths';

function TransmissionsTable({ transmissions }: { transmissions: readonly TransmissionView[] }) {
  const captionId = useId();
  return (
    <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table transmission-table">
        <caption id={captionId} className="visually-hidden">
          Records you’ve sent, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Recipient</th>
            <th scope="col">What</th>
            <th scope="col">Sent</th>
            <th scope="col">Expires</th>
            <th scope="col">Status</th>
            <th scope="col" className="table__num">
              Downloads
            </th>
          </tr>
        </thead>
        <tbody>
          {transmissions.map((t) => (
            <tr key={t.transmissionId}>
              <th scope="row" className="table__title">
                <Link to={transmissionPath(t.transmissionId)}>{t.recipient.name}</Link>
                {t.recipient.organisation && <span className="table__sub">{t.recipient.organisation}</span>}
              </th>
              <td className="transmission-table__what">{t.description}</td>
              <td>
                <time dateTime={t.createdAt}>{formatTransmissionDate(t.createdAt)}</time>
              </td>
              <td>
                <time dateTime={t.expiresAt}>{formatTransmissionDate(t.expiresAt)}</time>
              </td>
              <td>
                <TransmissionStatusBadge transmission={t} />
              </td>
              <td className="table__num">
                {downloadsText(t)}
                <span className="visually-hidden"> downloads used</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** /transmissions: the copies the patient has sent, newest first, and how each one stands. */
export function TransmissionsPage() {
  usePageTitle('Records you’ve sent');
  const list = useMyTransmissions();
  const listId = useId();
  const head = (
    <div className="page-head transmission-head">
      <div>
        <h1>Records you’ve sent</h1>
        <p className="lead">Every copy of your records you sent to someone, whether its link still works, and what they did with it.</p>
      </div>
      <Link className="button" to="/send">
        Send my records
      </Link>
    </div>
  );
  if (list.isPending) {
    return (
      <>
        {head}
        <LoadingState label="Loading the records you’ve sent…" />
      </>
    );
  }
  if (list.isLoadingError) {
    return (
      <>
        {head}
        <QueryError error={list.error} title="We couldn't load the records you’ve sent" onRetry={() => void list.refetch()} />
      </>
    );
  }
  const transmissions = list.data.pages.flatMap((p) => p.items);
  return (
    <>
      {head}
      {transmissions.length === 0 ? (
        <div className="empty-state">
          <p>You haven't sent your records to anyone yet.</p>
          <p className="transmission-empty__last">
            To send a copy to a doctor, a lawyer or anyone else, <Link to="/send">send my records</Link>.
          </p>
        </div>
      ) : (
        <section className="card" aria-labelledby={listId}>
          <h2 id={listId}>All copies</h2>
          <TransmissionsTable transmissions={transmissions} />
          <LoadMore
            shown={transmissions.length}
            noun={{ one: 'copy', many: 'copies' }}
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
          />
          {list.isFetchNextPageError && <QueryError error={list.error} title="We couldn't load more" />}
          {list.isRefetchError && <QueryError error={list.error} title="We couldn't update this list" onRetry={() => void list.refetch()} />}
        </section>
      )}
    </>
  );
}
