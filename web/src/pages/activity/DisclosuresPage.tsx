import { useCallback, useId } from 'react';
import { Link } from 'react-router';
import { useMyDisclosures } from '../../api/hooks';
import { portalApi } from '../../api/portal-api';
import { DownloadOutcome, useFileDownload } from '../../components/ActivityDownload/ActivityDownload';
import { utcText } from '../../components/ActivityText/activity-text';
import { Button } from '../../components/Button/Button';
import { LoadingState } from '../../components/LoadingState/LoadingState';
import { QueryError } from '../../components/QueryError/QueryError';
import type { DisclosureView } from '../../domain';
import { formatDateTime, formatDay } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';
import { transmissionPath } from '../transmissions/paths';

function DisclosuresTable({ disclosures }: { disclosures: readonly DisclosureView[] }) {
  const captionId = useId();
  return (
    <div className="table-wrap activity-table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table disclosure-table">
        <caption id={captionId} className="visually-hidden">
          Disclosures of your records, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">From</th>
            <th scope="col">Recipient</th>
            <th scope="col">What was disclosed</th>
            <th scope="col">Purpose</th>
          </tr>
        </thead>
        <tbody>
          {disclosures.map((d) => (
            <tr key={`${d.transmissionId}-${d.at}`}>
              <td>
                <time dateTime={d.at} title={utcText(d.at)}>
                  {formatDateTime(d.at)}
                </time>
              </td>
              <td>{d.practiceName}</td>
              <th scope="row" className="table__title">
                {d.recipient.name}
                {d.recipient.organisation && <span className="table__sub">{d.recipient.organisation}</span>}
                <span className="table__sub disclosure-table__address">{d.recipient.address}</span>
              </th>
              <td className="disclosure-table__what">
                {d.description}
                <span className="table__sub">
                  <Link to={transmissionPath(d.transmissionId)}>
                    See this copy <span className="visually-hidden">sent to {d.recipient.name}</span>
                  </Link>
                </span>
              </td>
              <td>{d.purpose}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** /activity/disclosures: the accounting of disclosures (HIPAA 164.528) of the last six years, to read or download. */
export function DisclosuresPage() {
  usePageTitle('Accounting of disclosures');
  const headingId = useId();
  const disclosures = useMyDisclosures();
  const build = useCallback((format: 'csv' | 'pdf') => portalApi.exportMyDisclosures(format), []);
  const download = useFileDownload(build);
  const formats = [
    { format: 'csv', label: 'Download as CSV' },
    { format: 'pdf', label: 'Download as PDF' },
  ] as const;

  let body;
  if (disclosures.isPending) body = <LoadingState label="Loading the accounting of disclosures…" />;
  else if (disclosures.isError) {
    body = <QueryError error={disclosures.error} title="We couldn't load the accounting of disclosures" onRetry={() => void disclosures.refetch()} />;
  } else {
    const { since, items } = disclosures.data;
    body = (
      <>
        <p>
          Every time one of your practices gave your records to someone outside it since {formatDay(since)}: when, to whom, what and why.
        </p>
        {items.length > 0 ? (
          <>
            <div className="button-row disclosure-downloads">
              {formats.map(({ format, label }) => (
                <Button
                  key={format}
                  variant="secondary"
                  pending={download.running?.[0] === format}
                  pendingLabel="Preparing…"
                  aria-disabled={download.pending || undefined}
                  onClick={() => download.run(format)}
                >
                  {label}
                </Button>
              ))}
            </div>
            <DownloadOutcome done={download.done} failure={download.failure} />
            <DisclosuresTable disclosures={items} />
          </>
        ) : (
          <p className="empty-state">No disclosures in the last six years.</p>
        )}
      </>
    );
  }

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Accounting of disclosures</h2>
      {body}
    </section>
  );
}
