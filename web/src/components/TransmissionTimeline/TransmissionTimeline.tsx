import type { TransmissionView } from '../../domain';
import { formatTransmissionDate } from '../TransmissionStatusBadge/TransmissionStatusBadge';

type Tone = 'neutral' | 'good' | 'bad' | 'waiting';

interface Step {
  title: string;
  at?: string;
  tone: Tone;
  detail?: string;
}

type Event = TransmissionView['events'][number];

/** One event of the transmission in plain words; the detail is a file name or an HTTP status, never content. */
function describe(t: TransmissionView, e: Event): Step {
  const base = { at: e.at };
  switch (e.kind) {
    case 'created':
      return { ...base, tone: 'neutral', title: 'You signed the request and your records were packaged' };
    case 'emailed':
      return { ...base, tone: 'neutral', title: `The link was e-mailed to ${t.recipient.email}` };
    case 'email-failed':
      return { ...base, tone: 'bad', title: `The e-mail to ${t.recipient.email} could not be sent`, detail: 'Send your records again to try once more.' };
    case 'opened':
      return { ...base, tone: 'neutral', title: 'The link was opened' };
    case 'unlocked':
      return { ...base, tone: 'neutral', title: t.delivery === 'email-and-code' ? 'The right access code was entered' : 'The list of files was viewed' };
    case 'code-failed':
      return { ...base, tone: 'bad', title: 'A wrong access code was entered' };
    case 'locked':
      return { ...base, tone: 'bad', title: 'The link locked after too many wrong codes', detail: 'Nobody can open it any more. Send your records again if they still need them.' };
    case 'downloaded':
      return { ...base, tone: 'neutral', title: e.detail ? `Downloaded: ${e.detail.replace(/^originals\//, '')}` : 'A file was downloaded' };
    case 'confirmed':
      return { ...base, tone: 'good', title: 'The recipient confirmed they received your records' };
    case 'revoked':
      return { ...base, tone: 'neutral', title: 'You revoked the link', detail: 'It no longer works.' };
    case 'fhir-sent':
      return { ...base, tone: 'good', title: 'Sent to their FHIR server', ...(e.detail ? { detail: `Their server answered ${e.detail}.` } : {}) };
    case 'fhir-failed':
      return { ...base, tone: 'bad', title: 'Sending to their FHIR server failed', ...(e.detail ? { detail: `Reason: ${e.detail}. The e-mailed link still works.` } : {}) };
    default:
      return { ...base, tone: 'neutral', title: e.kind };
  }
}

/** Every event, oldest first, then how the link stands now (waiting or expired: those are not events). */
export function transmissionSteps(t: TransmissionView): Step[] {
  const steps = t.events.map((e) => describe(t, e));
  if (t.status === 'expired') steps.push({ at: t.expiresAt, tone: 'neutral', title: 'The link expired', detail: 'It no longer works.' });
  if (t.status === 'exhausted') steps.push({ tone: 'neutral', title: 'All the downloads you allowed have been used', detail: 'The link no longer works.' });
  if (t.status === 'active') {
    const left = Math.max(0, t.maxDownloads - t.downloadsUsed);
    steps.push({
      tone: 'waiting',
      title: 'The link works until it expires or is used up',
      detail: `Until ${formatTransmissionDate(t.expiresAt, true)}, for ${left} more ${left === 1 ? 'download' : 'downloads'}.`,
    });
  }
  return steps;
}

/** What has happened to a transmission, as an ordered list: each step with its heading and date. */
export function TransmissionTimeline({ transmission }: { transmission: TransmissionView }) {
  return (
    <ol className="correction-timeline transmission-timeline">
      {transmissionSteps(transmission).map((step, i) => (
        <li key={i} className={`correction-step correction-step--${step.tone}`}>
          <h3 className="correction-step__title">{step.title}</h3>
          {step.at && (
            <p className="correction-step__date">
              <time dateTime={step.at}>{formatTransmissionDate(step.at, true)}</time>
            </p>
          )}
          {step.detail && (
            <div className="correction-step__body">
              <p>{step.detail}</p>
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
