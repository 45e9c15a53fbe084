import type { TransmissionView } from '../../domain';
import { cx } from '../../lib/class-names';

export type TransmissionStatus = TransmissionView['status'];

/** Whether the link still works, in plain words (text, never colour alone). */
export const TRANSMISSION_STATUS_LABELS: Record<TransmissionStatus, string> = {
  active: 'Active',
  revoked: 'Revoked',
  expired: 'Expired',
  exhausted: 'Download limit reached',
  locked: 'Locked after wrong codes',
};

const DAY = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });
const DAY_AND_TIME = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** A moment of a transmission in the reader's time zone: "Mar 31, 2026", or with the time. */
export function formatTransmissionDate(iso: string, withTime = false): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : (withTime ? DAY_AND_TIME : DAY).format(date);
}

/** "3 of 10". */
export function downloadsText(t: Pick<TransmissionView, 'downloadsUsed' | 'maxDownloads'>): string {
  return `${t.downloadsUsed} of ${t.maxDownloads}`;
}

/** The link's status, and "Confirmed received" once the recipient has said so. */
export function TransmissionStatusBadge({ transmission }: { transmission: Pick<TransmissionView, 'status' | 'confirmedAt'> }) {
  return (
    <span className="transmission-status">
      <span className={cx('badge', `badge--transmission-${transmission.status}`)}>
        <span className="visually-hidden">Status: </span>
        {TRANSMISSION_STATUS_LABELS[transmission.status]}
      </span>
      {transmission.confirmedAt && (
        <span className="badge badge--transmission-confirmed">
          <span className="badge__icon" aria-hidden="true">
            ✓
          </span>
          Confirmed received
        </span>
      )}
    </span>
  );
}
