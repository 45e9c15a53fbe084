import { useId } from 'react';
import { Link } from 'react-router';
import type { CorrectionView } from '../../../domain';
import { cx } from '../../../lib/class-names';
import { closedAt, correctionPath, daysLeftText, formatCorrectionDay, patientLabel, STATUS_LABEL } from './correction-format';

export interface CorrectionQueueTableProps {
  requests: readonly CorrectionView[];
  queue: 'open' | 'closed';
  /** For the days-left column (tests pin it). */
  now?: number;
}

/** Overdue: a red badge with an icon and the word, and a marked row, never colour alone. */
export function OverdueBadge() {
  return (
    <span className="badge badge--alert">
      <span className="badge__icon" aria-hidden="true">
        !
      </span>
      Overdue
    </span>
  );
}

export function CorrectionStatusBadge({ request }: { request: Pick<CorrectionView, 'status'> }) {
  return <span className={cx('badge', `queue-status queue-status--${request.status}`)}>{STATUS_LABEL[request.status]}</span>;
}

/**
 * The practice's correction requests: open ones with their due date and days left (the server sorts soonest due
 * first), closed ones with when and how they were closed.
 */
export function CorrectionQueueTable({ requests, queue, now = Date.now() }: CorrectionQueueTableProps) {
  const captionId = useId();
  const open = queue === 'open';
  return (
    <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table queue-table">
        <caption id={captionId} className="visually-hidden">
          {open ? 'Open correction requests, soonest due first' : 'Closed correction requests, most recent first'}
        </caption>
        <thead>
          <tr>
            <th scope="col">Patient</th>
            <th scope="col">About</th>
            <th scope="col">Received</th>
            {open ? <th scope="col">Due</th> : <th scope="col">Closed</th>}
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((r) => {
            const closed = closedAt(r);
            return (
              <tr key={r.requestId} className={cx(r.overdue && 'queue-table__row--overdue')}>
                <th scope="row" className="table__title">
                  {patientLabel(r)}
                  {r.patient && (
                    <span className="table__sub">
                      MRN <span className="mono">{r.patient.mrn}</span>
                    </span>
                  )}
                </th>
                <td className="queue-table__about">
                  <Link to={correctionPath(r)}>
                    {r.targetLabel}
                    <span className="visually-hidden">, request from {patientLabel(r)}</span>
                  </Link>
                </td>
                <td>
                  <time dateTime={r.receivedAt}>{formatCorrectionDay(r.receivedAt)}</time>
                </td>
                {open ? (
                  <td>
                    <time dateTime={r.dueAt}>{formatCorrectionDay(r.dueAt)}</time>
                    <span className={cx('table__sub', r.overdue && 'queue-table__late')}>{daysLeftText(r.dueAt, now)}</span>
                  </td>
                ) : (
                  <td>{closed ? <time dateTime={closed}>{formatCorrectionDay(closed)}</time> : '—'}</td>
                )}
                <td>
                  <span className="queue-table__status">
                    {r.overdue ? <OverdueBadge /> : null}
                    <CorrectionStatusBadge request={r} />
                    {r.disagreement && !r.rebuttal && <span className="status__note">Disagreement filed, no rebuttal yet</span>}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
