import { Link } from 'react-router';
import type { CorrectionView } from '../../domain';
import { correctionPath } from '../CorrectionLinks/correction-links';
import { formatCorrectionDate } from '../CorrectionStatusBadge/CorrectionStatusBadge';
import { useCorrectionLookup } from './correction-queries';

/** One accepted amendment: what the practice changed, when, and the way to the request's history. */
function AmendmentNote({ requestId }: { requestId: string }) {
  const correction = useCorrectionLookup(requestId);
  const decision = correction?.decision?.outcome === 'accepted' ? correction.decision : undefined;
  return (
    <div className="correction-note correction-note--amended">
      <p className="correction-note__head">
        <span className="badge badge--amended">Amended</span>{' '}
        {decision && correction && (
          <span>
            on <time dateTime={decision.at}>{formatCorrectionDate(decision.at)}</time> by {correction.practiceName}
          </span>
        )}
      </p>
      {decision && (
        <>
          <p className="correction-note__label">The correction:</p>
          <blockquote className="correction-note__text correction-text">{decision.amendment}</blockquote>
        </>
      )}
      <p className="correction-note__link">
        <Link to={correctionPath(requestId)}>
          See the history <span className="visually-hidden">of this correction</span>
        </Link>
      </p>
    </div>
  );
}

/** A request the patient made about this that the practice has not answered yet. */
function RequestedNote({ correction }: { correction: CorrectionView }) {
  return (
    <div className="correction-note correction-note--requested">
      <p className="correction-note__head">
        <span className="badge badge--requested">Correction requested</span>{' '}
        <span>
          on <time dateTime={correction.receivedAt}>{formatCorrectionDate(correction.receivedAt)}</time>, answer due by{' '}
          <time dateTime={correction.dueAt}>{formatCorrectionDate(correction.dueAt)}</time>
        </span>
      </p>
      <p className="correction-note__link">
        <Link to={correctionPath(correction.requestId)}>
          See your request <span className="visually-hidden">for this correction</span>
        </Link>
      </p>
    </div>
  );
}

/**
 * A request the practice denied: the dispute stays beside the information (164.526(d)(4)), so the note says so in
 * words (not by colour) and links to the request, where the written denial, the patient's statement of
 * disagreement and the practice's rebuttal are shown.
 */
function DeniedNote({ correction }: { correction: CorrectionView }) {
  const decision = correction.decision?.outcome === 'denied' ? correction.decision : undefined;
  const { disagreement, rebuttal } = correction;
  const linkText = disagreement
    ? rebuttal
      ? "Read the denial letter, your statement and the practice's answer"
      : 'Read the denial letter and your statement'
    : 'Read the denial letter';
  return (
    <div className="correction-note correction-note--denied">
      <p className="correction-note__head">
        <span className="badge badge--disputed">Correction denied</span>
        {disagreement && (
          <>
            {' '}
            <span>— you filed a statement of disagreement</span>
          </>
        )}
      </p>
      <p className="correction-note__body">
        {decision && (
          <>
            {correction.practiceName} denied your request on <time dateTime={decision.at}>{formatCorrectionDate(decision.at)}</time>.{' '}
          </>
        )}
        {disagreement ? (
          <>
            You sent your statement on <time dateTime={disagreement.at}>{formatCorrectionDate(disagreement.at)}</time>
            {rebuttal ? (
              <>
                {' '}
                and the practice answered it on <time dateTime={rebuttal.at}>{formatCorrectionDate(rebuttal.at)}</time>. Both stay with this part of your
                record.
              </>
            ) : (
              <>. It stays with this part of your record.</>
            )}
          </>
        ) : (
          <>If you disagree, you can send a statement saying why; it will stay with this part of your record.</>
        )}
      </p>
      <p className="correction-note__link">
        <Link to={correctionPath(correction.requestId)}>
          {linkText} <span className="visually-hidden">for this correction request</span>
        </Link>
      </p>
    </div>
  );
}

export interface CorrectionMarksProps {
  /** Accepted requests that amend this (from the item or document itself). */
  amendedBy?: readonly string[] | undefined;
  /** The patient's requests about this still waiting for an answer. */
  open?: readonly CorrectionView[];
  /** The patient's requests about this that the practice denied. */
  denied?: readonly CorrectionView[];
}

/**
 * Under a record item or a document: each accepted amendment (the original stays as it arrived, so the amendment
 * is shown beside it), each denied request (the dispute, with the denial, statement and rebuttal a link away) and
 * each request still waiting for an answer.
 */
export function CorrectionMarks({ amendedBy = [], open = [], denied = [] }: CorrectionMarksProps) {
  if (amendedBy.length === 0 && open.length === 0 && denied.length === 0) return null;
  return (
    <div className="correction-marks">
      {amendedBy.map((requestId) => (
        <AmendmentNote key={requestId} requestId={requestId} />
      ))}
      {denied.map((correction) => (
        <DeniedNote key={correction.requestId} correction={correction} />
      ))}
      {open.map((correction) => (
        <RequestedNote key={correction.requestId} correction={correction} />
      ))}
    </div>
  );
}
