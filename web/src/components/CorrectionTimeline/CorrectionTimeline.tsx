import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { RESPONSE_DAYS, type CorrectionView } from '../../domain';
import { formatCorrectionDate, isOpenCorrection } from '../CorrectionStatusBadge/CorrectionStatusBadge';

interface Step {
  key: string;
  title: string;
  at?: string;
  tone: 'neutral' | 'good' | 'bad' | 'waiting';
  body: ReactNode;
}

const When = ({ at }: { at: string }) => <time dateTime={at}>{formatCorrectionDate(at)}</time>;

/** Every step of a request, oldest first, as 164.526 asks them to be kept: none is ever rewritten. */
export function correctionSteps(c: CorrectionView): Step[] {
  const steps: Step[] = [];
  const firstDue = c.extension?.previousDueAt ?? c.dueAt;
  steps.push({
    key: 'received',
    title: `${c.practiceName} received your request`,
    at: c.receivedAt,
    tone: 'neutral',
    body:
      isOpenCorrection(c) && !c.extension ? (
        <p>
          They have {RESPONSE_DAYS} days to answer, until <When at={firstDue} />.
        </p>
      ) : (
        <p>
          They had until <When at={firstDue} /> to answer.
        </p>
      ),
  });
  if (c.extension) {
    steps.push({
      key: 'extended',
      title: `${c.practiceName} took more time`,
      at: c.extension.at,
      tone: 'neutral',
      body: (
        <>
          <p className="correction-step__label">Their reason:</p>
          <blockquote className="correction-text">{c.extension.reason}</blockquote>
          <p>
            New date to answer by: <When at={c.dueAt} /> (it was <When at={c.extension.previousDueAt} />
            ).
          </p>
        </>
      ),
    });
  }
  if (c.decision?.outcome === 'accepted') {
    const decision = c.decision;
    steps.push({
      key: 'accepted',
      title: 'Your request was accepted',
      at: decision.at,
      tone: 'good',
      body: (
        <>
          <p className="correction-step__label">The correction added to your record:</p>
          <blockquote className="correction-text">{decision.amendment}</blockquote>
          <p>What you asked about stays in your record as it was, marked “Amended”, with this correction beside it.</p>
          {decision.amendmentDocumentId && (
            <p>
              <Link to={`/documents/${encodeURIComponent(decision.amendmentDocumentId)}`}>See the corrected document</Link>
            </p>
          )}
          {decision.notifiedCount > 0 && (
            <p>
              {c.practiceName} told {decision.notifiedCount === 1 ? '1 person or organisation' : `${decision.notifiedCount} people or organisations`} you named
              about the correction.
            </p>
          )}
        </>
      ),
    });
  }
  if (c.decision?.outcome === 'denied') {
    const decision = c.decision;
    steps.push({
      key: 'denied',
      title: 'Your request was denied',
      at: decision.at,
      tone: 'bad',
      body: (
        <>
          <p className="correction-step__label">The letter from {c.practiceName}:</p>
          <div className="correction-letter">
            {decision.letter.map((paragraph, i) => (
              <p key={i}>{paragraph}</p>
            ))}
          </div>
        </>
      ),
    });
  }
  if (c.disagreement) {
    steps.push({
      key: 'disagreement',
      title: 'You sent a statement of disagreement',
      at: c.disagreement.at,
      tone: 'neutral',
      body: (
        <>
          <p className="correction-step__label">Your statement:</p>
          <blockquote className="correction-text">{c.disagreement.statement}</blockquote>
          <p>The practice adds it to your record, together with your request and their letter.</p>
        </>
      ),
    });
  }
  if (c.rebuttal) {
    steps.push({
      key: 'rebuttal',
      title: `${c.practiceName} answered your statement`,
      at: c.rebuttal.at,
      tone: 'neutral',
      body: (
        <>
          <p className="correction-step__label">Their answer (rebuttal):</p>
          <blockquote className="correction-text">{c.rebuttal.text}</blockquote>
        </>
      ),
    });
  }
  if (c.withdrawnAt) {
    steps.push({ key: 'withdrawn', title: 'You withdrew your request', at: c.withdrawnAt, tone: 'neutral', body: <p>The practice will not answer it. You can ask again at any time.</p> });
  }
  if (isOpenCorrection(c)) {
    steps.push({
      key: 'waiting',
      title: c.overdue ? 'The answer is overdue' : `Waiting for ${c.practiceName} to answer`,
      tone: 'waiting',
      body: c.overdue ? (
        <p>
          {c.practiceName} had to answer by <When at={c.dueAt} />. You can call or write to the practice to ask about it.
        </p>
      ) : (
        <p>
          They must accept or deny your request by <When at={c.dueAt} />. We will e-mail you when they do.
        </p>
      ),
    });
  }
  return steps;
}

/** The request's history as an ordered list, each step with its heading and date. */
export function CorrectionTimeline({ correction }: { correction: CorrectionView }) {
  return (
    <ol className="correction-timeline">
      {correctionSteps(correction).map((step) => (
        <li key={step.key} className={`correction-step correction-step--${step.tone}`}>
          <h3 className="correction-step__title">{step.title}</h3>
          {step.at && (
            <p className="correction-step__date">
              <When at={step.at} />
            </p>
          )}
          <div className="correction-step__body">{step.body}</div>
        </li>
      ))}
    </ol>
  );
}
