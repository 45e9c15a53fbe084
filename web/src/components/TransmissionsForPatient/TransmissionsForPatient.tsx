import { useId } from 'react';
import { usePatientTransmissions } from '../../api/hooks';
import { LoadingState } from '../LoadingState/LoadingState';
import { LoadMore } from '../LoadMore/LoadMore';
import { QueryError } from '../QueryError/QueryError';
import { downloadsText, formatTransmissionDate, TransmissionStatusBadge } from '../TransmissionStatusBadge/TransmissionStatusBadge';

/**
 * The copies one of the practice's patients sent to others from the portal (their right of access): who to, when,
 * whether the link still works and how much it was used. Read-only: only the patient can revoke.
 */
export function TransmissionsForPatient({ patientId }: { patientId: string }) {
  const list = usePatientTransmissions(patientId);
  const captionId = useId();
  if (list.isPending) return <LoadingState label="Loading the copies sent…" />;
  if (list.isLoadingError) return <QueryError error={list.error} title="We couldn't load the copies sent" onRetry={() => void list.refetch()} />;
  const items = list.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <p className="empty-state">This patient hasn't sent a copy of their records to anyone from the portal.</p>;
  return (
    <>
      <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table className="table transmission-table">
          <caption id={captionId} className="visually-hidden">
            Copies sent by the patient, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Recipient</th>
              <th scope="col">What</th>
              <th scope="col">Sent</th>
              <th scope="col">Status</th>
              <th scope="col" className="table__num">
                Downloads
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((t) => (
              <tr key={t.transmissionId}>
                <th scope="row" className="table__title">
                  {t.recipient.name}
                  {t.recipient.organisation && <span className="table__sub">{t.recipient.organisation}</span>}
                </th>
                <td className="transmission-table__what">{t.description}</td>
                <td>
                  <time dateTime={t.createdAt}>{formatTransmissionDate(t.createdAt)}</time>
                </td>
                <td>
                  <TransmissionStatusBadge transmission={t} />
                </td>
                <td className="table__num">{downloadsText(t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore
        shown={items.length}
        noun={{ one: 'copy', many: 'copies' }}
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoadMore={() => void list.fetchNextPage()}
      />
      {list.isFetchNextPageError && <QueryError error={list.error} title="We couldn't load more" />}
    </>
  );
}
