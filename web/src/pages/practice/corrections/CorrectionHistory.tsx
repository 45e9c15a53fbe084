import type { CorrectionView } from '../../../domain';
import { formatDateTime } from '../../../lib/format';
import { actorText, DENIAL_GROUND_LABEL, formatCorrectionDay } from './correction-format';

interface HistoryEvent {
  at: string;
  title: string;
  detail?: string;
}

function historyOf(r: CorrectionView, me: string | undefined): HistoryEvent[] {
  const events: HistoryEvent[] = [{ at: r.receivedAt, title: 'Received from the patient' }];
  if (r.extension) {
    events.push({
      at: r.extension.at,
      title: `Extended by ${actorText(r.extension.by, me)}`,
      detail: `Due date moved from ${formatCorrectionDay(r.extension.previousDueAt)} to ${formatCorrectionDay(r.dueAt)}. Reason: ${r.extension.reason}`,
    });
  }
  if (r.decision?.outcome === 'accepted') {
    const n = r.decision.notifiedCount;
    events.push({
      at: r.decision.at,
      title: `Accepted by ${actorText(r.decision.by, me)}`,
      ...(n > 0 ? { detail: `${n === 1 ? '1 person' : `${n} people`} the patient named ${n === 1 ? 'was' : 'were'} notified.` } : {}),
    });
  }
  if (r.decision?.outcome === 'denied') {
    events.push({ at: r.decision.at, title: `Denied by ${actorText(r.decision.by, me)}`, detail: `Ground: ${DENIAL_GROUND_LABEL[r.decision.ground]}.` });
  }
  if (r.withdrawnAt) events.push({ at: r.withdrawnAt, title: 'Withdrawn by the patient' });
  if (r.disagreement) events.push({ at: r.disagreement.at, title: 'Statement of disagreement filed by the patient' });
  if (r.rebuttal) events.push({ at: r.rebuttal.at, title: `Rebuttal written by ${actorText(r.rebuttal.by, me)}` });
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

/** Every step of the request, oldest first, with who acted ("you" or "a colleague"). */
export function CorrectionHistory({ request, myAccountId }: { request: CorrectionView; myAccountId: string | undefined }) {
  return (
    <ol className="staff-correction-history">
      {historyOf(request, myAccountId).map((e) => (
        <li key={`${e.at}-${e.title}`} className="staff-correction-history__event">
          <time className="staff-correction-history__at" dateTime={e.at}>
            {formatDateTime(e.at)}
          </time>
          <span className="staff-correction-history__title">{e.title}</span>
          {e.detail && <span className="staff-correction-history__detail">{e.detail}</span>}
        </li>
      ))}
    </ol>
  );
}
