import { useId } from 'react';
import type { ActivityEventView } from '../../domain';
import { formatDateTime } from '../../lib/format';
import { OUTCOME_LABELS, eventSummary, utcText } from '../ActivityText/activity-text';

/** Refused or failed: a marked badge with an icon and the word, never colour alone. */
export function OutcomeMarker({ outcome }: { outcome: ActivityEventView['outcome'] }) {
  if (outcome === 'success') return null;
  return (
    <span className="badge badge--alert activity-outcome">
      <span className="badge__icon" aria-hidden="true">
        !
      </span>
      {OUTCOME_LABELS[outcome]}
    </span>
  );
}

/** An empty cell that reads as "None" rather than as a dash. */
export function NoDetail() {
  return (
    <>
      <span className="muted" aria-hidden="true">
        —
      </span>
      <span className="visually-hidden">None</span>
    </>
  );
}

export interface ActivityTableProps {
  events: readonly ActivityEventView[];
  caption: string;
}

/**
 * The patient's history: when (local time, UTC on hover), what happened, who, at which practice (whose record it
 * concerns), and the detail (e.g. the addressee of a copy sent).
 */
export function ActivityTable({ events, caption }: ActivityTableProps) {
  const captionId = useId();
  return (
    <div className="table-wrap activity-table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table activity-table">
        <caption id={captionId} className="visually-hidden">
          {caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What happened</th>
            <th scope="col">Who</th>
            <th scope="col">Practice</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.eventId} className={event.outcome === 'success' ? undefined : 'activity-table__row--refused'}>
              <td className="activity-table__when">
                <time dateTime={event.at} title={utcText(event.at)}>
                  {formatDateTime(event.at)}
                </time>
              </td>
              <th scope="row" className="table__title activity-table__what">
                {eventSummary(event)}
                {event.outcome !== 'success' && (
                  <>
                    {' '}
                    <OutcomeMarker outcome={event.outcome} />
                  </>
                )}
              </th>
              <td className="activity-table__who">{event.who}</td>
              <td>{event.practiceName ?? <NoDetail />}</td>
              <td className="activity-table__detail">{event.detail ?? <NoDetail />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
