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
 * Under a record item or a document: each accepted amendment (the original stays as it arrived, so the amendment
 * is shown beside it) and each request still waiting for an answer.
 */
export function CorrectionMarks({ amendedBy = [], open = [] }: { amendedBy?: readonly string[] | undefined; open?: readonly CorrectionView[] }) {
  if (amendedBy.length === 0 && open.length === 0) return null;
  return (
    <div className="correction-marks">
      {amendedBy.map((requestId) => (
        <AmendmentNote key={requestId} requestId={requestId} />
      ))}
      {open.map((correction) => (
        <RequestedNote key={correction.requestId} correction={correction} />
      ))}
    </div>
  );
}
