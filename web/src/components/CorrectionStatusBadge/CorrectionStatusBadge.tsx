import type { CorrectionView } from '../../domain';
import { cx } from '../../lib/class-names';

export type CorrectionStatus = CorrectionView['status'];

/** The status of a request in plain words (text, never colour alone). */
export const CORRECTION_STATUS_LABELS: Record<CorrectionStatus, string> = {
  submitted: 'Waiting for an answer',
  extended: 'Waiting (more time taken)',
  accepted: 'Accepted',
  denied: 'Denied',
  withdrawn: 'Withdrawn',
};

const DAY = {
  long: new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }),
  medium: new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }),
};

/**
 * A moment of a request as a day, "June 1, 2026" ("Jun 1, 2026" in tables), in UTC: the deadlines are counted in
 * UTC days and the written denial states its dates the same way, so every reader sees the same date.
 */
export function formatCorrectionDate(iso: string, style: keyof typeof DAY = 'long'): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DAY[style].format(date);
}

export const isOpenCorrection = (c: Pick<CorrectionView, 'status'>) => c.status === 'submitted' || c.status === 'extended';

/** The request's status, and "Overdue" when the practice has not answered in time. */
export function CorrectionStatusBadge({ correction }: { correction: Pick<CorrectionView, 'status' | 'overdue'> }) {
  return (
    <span className="correction-status">
      <span className={cx('badge', `badge--correction-${correction.status}`)}>
        <span className="visually-hidden">Status: </span>
        {CORRECTION_STATUS_LABELS[correction.status]}
      </span>
      {correction.overdue && (
        <span className="badge badge--alert">
          <span className="badge__icon" aria-hidden="true">
            !
          </span>
          Overdue
        </span>
      )}
    </span>
  );
}
