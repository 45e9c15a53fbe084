import { useId } from 'react';
import type { PracticeAuditRow } from '../../domain';
import { formatDateTime } from '../../lib/format';
import { NoDetail } from '../ActivityTable/ActivityTable';
import { utcText } from '../ActivityText/activity-text';

const ROLE_LABELS: Record<string, string> = {
  patient: 'Patient',
  staff: 'Practice staff',
  admin: 'Practice admin',
  recipient: 'Recipient of a copy',
  anonymous: 'Not signed in',
  system: 'The portal',
};

const OUTCOME_BADGES: Record<PracticeAuditRow['outcome'], { label: string; className: string }> = {
  success: { label: 'Success', className: 'badge badge--linked' },
  denied: { label: 'Denied', className: 'badge badge--alert' },
  failure: { label: 'Failed', className: 'badge badge--alert' },
};

/** Success, Denied or Failed: the word in a badge, never colour alone. */
function OutcomeBadge({ outcome }: { outcome: PracticeAuditRow['outcome'] }) {
  const badge = OUTCOME_BADGES[outcome];
  return (
    <span className={badge.className}>
      {outcome !== 'success' && (
        <span className="badge__icon" aria-hidden="true">
          !
        </span>
      )}
      {badge.label}
    </span>
  );
}

export interface AuditTableProps {
  rows: readonly PracticeAuditRow[];
  order: 'asc' | 'desc';
  onToggleOrder: () => void;
  /** Names of the patients loaded so far, by patient ID. */
  patientNames?: ReadonlyMap<string, string>;
}

/** The practice's audit events. The Time heading sorts (newest or oldest first): the server orders, the table says so. */
export function AuditTable({ rows, order, onToggleOrder, patientNames }: AuditTableProps) {
  const captionId = useId();
  const newestFirst = order === 'desc';
  return (
    <div className="table-wrap activity-table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table audit-table">
        <caption id={captionId} className="visually-hidden">
          Audit events, {newestFirst ? 'newest first' : 'oldest first'}
        </caption>
        <thead>
          <tr>
            <th scope="col" aria-sort={newestFirst ? 'descending' : 'ascending'}>
              <button type="button" className="sort-button" onClick={onToggleOrder}>
                Time (UTC)
                <span className="sort-button__icon" aria-hidden="true">
                  {newestFirst ? '▼' : '▲'}
                </span>
                <span className="visually-hidden">{newestFirst ? ', newest first. Show oldest first' : ', oldest first. Show newest first'}</span>
              </button>
            </th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Patient</th>
            <th scope="col">Resource</th>
            <th scope="col">Reason</th>
            <th scope="col">Source IP</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const name = row.patientId ? patientNames?.get(row.patientId) : undefined;
            return (
              <tr key={row.eventId}>
                <td>
                  <time dateTime={row.at} title={`Your time: ${formatDateTime(row.at)}`}>
                    {utcText(row.at).replace(' UTC', '')}
                  </time>
                </td>
                <th scope="row" className="audit-table__action">
                  <span className="mono">{row.action}</span>
                  {row.detail && <span className="table__sub">{row.detail}</span>}
                </th>
                <td>
                  <OutcomeBadge outcome={row.outcome} />
                </td>
                <td className="audit-table__user">
                  {row.actorLabel ?? <span className="mono">{row.actorId}</span>}
                  {row.actorLabel && <span className="table__sub mono">{row.actorId}</span>}
                </td>
                <td>{ROLE_LABELS[row.actorRole] ?? row.actorRole}</td>
                <td className="audit-table__patient">
                  {row.patientId ? (
                    <>
                      {name ?? <span className="mono">{row.patientId}</span>}
                      {name && <span className="table__sub mono">{row.patientId}</span>}
                    </>
                  ) : (
                    <NoDetail />
                  )}
                </td>
                <td>{row.resource ? <span className="mono">{row.resource}</span> : <NoDetail />}</td>
                <td>{row.reason ?? <NoDetail />}</td>
                <td>{row.sourceIp ? <span className="mono">{row.sourceIp}</span> : <NoDetail />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
