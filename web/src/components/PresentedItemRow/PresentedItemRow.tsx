import type { ReactNode } from 'react';
import { cx } from '../../lib/class-names';
import { formatFhirDate, type PresentedItem } from '../../record/present';

/**
 * One presented FHIR item as a list row: title, subtitle, badges, status and details, with its date. The record
 * pages and the FHIR document viewer both show items this way; `children` add what only one of them knows
 * (the source practice and document); `note` goes under the details (e.g. an amendment of the item).
 */
export function PresentedItemRow({ item, date, children, note }: { item: PresentedItem; date?: string; children?: ReactNode; note?: ReactNode }) {
  return (
    <li className="record-item">
      <div className="record-item__main">
        <h3 className="record-item__title">{item.title}</h3>
        {item.subtitle && <p className="record-item__subtitle">{item.subtitle}</p>}
        {(item.badges.length > 0 || item.status) && (
          <p className="record-item__badges">
            {item.badges.map((badge) => (
              <span key={badge.label} className={cx('badge', badge.tone === 'alert' ? 'badge--alert' : 'badge--info')}>
                {badge.tone === 'alert' && (
                  <span className="badge__icon" aria-hidden="true">
                    !
                  </span>
                )}
                {badge.label}
              </span>
            ))}
            {item.status && !item.badges.some((b) => b.label === item.status) && (
              <span className="record-item__status">
                <span className="visually-hidden">Status: </span>
                {item.status}
              </span>
            )}
          </p>
        )}
        {item.details.length > 0 && (
          <dl className="record-item__details">
            {item.details.map((detail, i) => (
              <div key={`${detail.label}-${i}`}>
                <dt>{detail.label}</dt>
                <dd>{detail.value}</dd>
              </div>
            ))}
          </dl>
        )}
        {note}
      </div>
      <div className="record-item__meta">
        {date ? <time dateTime={date}>{formatFhirDate(date)}</time> : <span>No date</span>}
        {children}
      </div>
    </li>
  );
}
