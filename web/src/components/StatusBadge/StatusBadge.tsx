import type { PracticePatient } from '../../domain';
import { formatDay } from '../../lib/format';

/** Invited (with the code's expiry) or Linked: text, not colour alone. */
export function StatusBadge({ patient, now = Date.now() }: { patient: PracticePatient; now?: number }) {
  if (patient.status === 'linked') return <span className="badge badge--linked">Linked</span>;
  const expiresAt = patient.invitationExpiresAt;
  const expired = expiresAt !== undefined && new Date(expiresAt).getTime() <= now;
  return (
    <span className="status">
      <span className="badge badge--invited">Invited</span>
      {expiresAt && (
        <span className={expired ? 'status__note status__note--expired' : 'status__note'}>
          {expired ? 'Code expired' : `Code valid until ${formatDay(expiresAt)}`}
        </span>
      )}
    </span>
  );
}
