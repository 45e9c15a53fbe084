import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { ApiError } from '../../../api/api-error';
import { useMe, usePracticeCorrection, useRefreshPracticeCorrection } from '../../../api/hooks';
import { Button } from '../../../components/Button/Button';
import { LoadingState } from '../../../components/LoadingState/LoadingState';
import { Notice } from '../../../components/Notice/Notice';
import { QueryError } from '../../../components/QueryError/QueryError';
import { EXTENSION_DAYS, RESPONSE_DAYS, type CorrectionView } from '../../../domain';
import { usePageTitle } from '../../../lib/use-page-title';
import { DATA_CLASS_LABELS } from '../../../record/data-classes';
import { AcceptForm } from './AcceptForm';
import { Quote, type ActionCallbacks } from './action-form';
import { CorrectionHistory } from './CorrectionHistory';
import { CorrectionStatusBadge, OverdueBadge } from './CorrectionQueueTable';
import { actorText, canDecide, canExtend, canRebut, closedAt, daysLeftText, DENIAL_GROUND_LABEL, formatCorrectionDay, patientLabel } from './correction-format';
import { DenyForm } from './DenyForm';
import { DocumentDownload } from './DocumentDownload';
import { ExtendForm } from './ExtendForm';
import { RebuttalForm } from './RebuttalForm';

type Action = 'accept' | 'deny' | 'extend' | 'rebut';
type Outcome = { kind: 'done'; message: string } | { kind: 'conflict'; message: string };

const BACK = (
  <p className="back-link">
    <Link to="/practice/corrections">← Correction requests</Link>
  </p>
);

/**
 * `/practice/corrections/:patientId/:requestId`: one request, what happened to it, and the actions its state
 * allows. The title stays generic: titles are kept in the browser's history.
 */
export function PracticeCorrectionPage() {
  usePageTitle('Correction request');
  const { patientId = '', requestId = '' } = useParams();
  const me = useMe();
  const correction = usePracticeCorrection(patientId, requestId);
  const refresh = useRefreshPracticeCorrection();
  const [action, setAction] = useState<Action | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const pageId = useId();
  const openerId = (a: Action) => `${pageId}-open-${a}`;

  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  const open = (next: Action) => () => {
    setOutcome(null);
    setAction(next);
  };
  const callbacks: ActionCallbacks = {
    onDone: (_result, message) => {
      setAction(null);
      setOutcome({ kind: 'done', message });
    },
    onConflict: (error: ApiError) => {
      setAction(null);
      setOutcome({ kind: 'conflict', message: error.message });
      void refresh(patientId, requestId);
    },
    onCancel: () => {
      const opened = action;
      setAction(null);
      // Back to the button that opened the form (rendered again once the form closes).
      if (opened) requestAnimationFrame(() => document.getElementById(openerId(opened))?.focus());
    },
  };

  if (correction.isPending) return <LoadingState label="Loading the correction request…" />;
  if (correction.isError) {
    return (
      <>
        {BACK}
        <QueryError error={correction.error} title="We couldn't load this correction request" onRetry={() => void correction.refetch()} />
      </>
    );
  }

  const r = correction.data;
  const now = Date.now();
  const myAccountId = me.data?.accountId;
  return (
    <>
      {BACK}
      <div className="page-head staff-correction-head">
        <h1>Correction request</h1>
        <p className="lead">
          From {patientLabel(r)}
          {r.patient && (
            <>
              {' '}
              (MRN <span className="mono">{r.patient.mrn}</span>)
            </>
          )}
          , received {formatCorrectionDay(r.receivedAt)}.
        </p>
        <p className="staff-correction-head__status">
          {r.overdue && <OverdueBadge />} <CorrectionStatusBadge request={r} />
        </p>
      </div>

      {outcome && (
        <div ref={outcomeRef} tabIndex={-1} className="staff-correction-outcome">
          {outcome.kind === 'done' ? (
            <Notice tone="success">{outcome.message}</Notice>
          ) : (
            <div className="alert alert--error" role="alert">
              <p className="alert__title">Your action was not saved</p>
              <p>{outcome.message}</p>
              <p>{correction.isFetching ? 'Loading the request as it is now…' : 'The page now shows the request as it is now.'}</p>
            </div>
          )}
        </div>
      )}

      <div className="split">
        <div className="split__main">
          {r.decision && <DecisionCard request={r} myAccountId={myAccountId} />}
          {r.disagreement && (
            <DisagreementCard request={r} myAccountId={myAccountId}>
              {canRebut(r) &&
                (action === 'rebut' ? (
                  <RebuttalForm request={r} {...callbacks} />
                ) : (
                  <div className="button-row staff-correction-actions">
                    <Button id={openerId('rebut')} onClick={open('rebut')}>Write a rebuttal</Button>
                  </div>
                ))}
            </DisagreementCard>
          )}
          <RequestCard request={r} />
          {canDecide(r) && (
            <RespondCard request={r} now={now}>
              {action === 'accept' && <AcceptForm request={r} {...callbacks} />}
              {action === 'deny' && <DenyForm request={r} {...callbacks} />}
              {action === 'extend' && <ExtendForm request={r} {...callbacks} />}
              {(action === null || action === 'rebut') && (
                <div className="button-row staff-correction-actions">
                  <Button id={openerId('accept')} onClick={open('accept')}>Accept…</Button>
                  <Button id={openerId('deny')} onClick={open('deny')}>Deny…</Button>
                  {canExtend(r, now) && (
                    <Button id={openerId('extend')} variant="secondary" onClick={open('extend')}>
                      Extend by {EXTENSION_DAYS} days…
                    </Button>
                  )}
                </div>
              )}
            </RespondCard>
          )}
        </div>
        <div className="split__side">
          <SummaryCard request={r} now={now} />
          <section className="card" aria-labelledby="correction-history">
            <h2 id="correction-history">History</h2>
            <CorrectionHistory request={r} myAccountId={myAccountId} />
          </section>
        </div>
      </div>
    </>
  );
}

function RequestCard({ request: r }: { request: CorrectionView }) {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>The request</h2>
      <dl className="staff-correction-fields">
        <div>
          <dt>About</dt>
          <dd>
            {r.targetLabel}
            {r.target.kind === 'item' && <span className="muted"> ({DATA_CLASS_LABELS[r.target.dataClass].title})</span>}
            {r.target.kind === 'document' && (
              <span className="staff-correction-target">
                <DocumentDownload patientId={r.patientId} documentId={r.target.documentId} label="Download this document" />
                <Link to={`/patients/${encodeURIComponent(r.patientId)}`}>All of this patient's records</Link>
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>What is wrong</dt>
          <dd>
            <Quote>{r.whatIsWrong}</Quote>
          </dd>
        </div>
        <div>
          <dt>What it should say</dt>
          <dd>
            <Quote>{r.shouldSay}</Quote>
          </dd>
        </div>
        <div>
          <dt>Why</dt>
          <dd>
            <Quote>{r.reason}</Quote>
          </dd>
        </div>
        <div>
          <dt>People to notify if accepted</dt>
          <dd>
            {r.notify.length === 0 ? (
              <span className="muted">None named</span>
            ) : (
              <ul className="staff-correction-people">
                {r.notify.map((p) => (
                  <li key={p.email}>
                    {p.name}
                    {p.organisation && `, ${p.organisation}`} <span className="muted">({p.email})</span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}

function RespondCard({ request: r, now, children }: { request: CorrectionView; now: number; children: ReactNode }) {
  const headingId = useId();
  const pastDue = now > Date.parse(r.dueAt);
  return (
    <section className="card staff-correction-respond" aria-labelledby={headingId}>
      <h2 id={headingId}>Respond</h2>
      <p>
        {pastDue ? (
          <strong className="staff-correction-late">The answer was due {formatCorrectionDay(r.dueAt)}. Accept or deny the request now.</strong>
        ) : (
          <>
            Accept or deny by <strong>{formatCorrectionDay(r.dueAt)}</strong> ({daysLeftText(r.dueAt, now).toLowerCase()}).
          </>
        )}{' '}
        {r.status === 'extended' && r.extension && <>The deadline was extended once, on {formatCorrectionDay(r.extension.at)}, and cannot be extended again.</>}
        {r.status === 'submitted' && pastDue && <>An extension had to be sent within the first {RESPONSE_DAYS} days, so it is no longer possible.</>}
      </p>
      {children}
    </section>
  );
}

function DecisionCard({ request: r, myAccountId }: { request: CorrectionView; myAccountId: string | undefined }) {
  const headingId = useId();
  const d = r.decision!;
  return (
    <section className="card staff-correction-decision" aria-labelledby={headingId}>
      <h2 id={headingId}>{d.outcome === 'accepted' ? 'Accepted' : 'Denied'}</h2>
      <p className="muted">
        {d.outcome === 'accepted' ? 'Accepted' : 'Denied'} by {actorText(d.by, myAccountId)} on {formatCorrectionDay(d.at)}.
      </p>
      {d.outcome === 'accepted' ? (
        <dl className="staff-correction-fields">
          <div>
            <dt>Amendment</dt>
            <dd>
              <Quote>{d.amendment}</Quote>
            </dd>
          </div>
          {d.amendmentDocumentId && (
            <div>
              <dt>Amendment document</dt>
              <dd>
                <DocumentDownload patientId={r.patientId} documentId={d.amendmentDocumentId} label="Download the amendment document" />
              </dd>
            </div>
          )}
          <div>
            <dt>Notified</dt>
            <dd>
              The patient
              {d.notifiedCount > 0 && `, and ${d.notifiedCount === 1 ? '1 person' : `${d.notifiedCount} people`} they named`}.
            </dd>
          </div>
        </dl>
      ) : (
        <>
          <dl className="staff-correction-fields">
            <div>
              <dt>Ground</dt>
              <dd>{DENIAL_GROUND_LABEL[d.ground]}</dd>
            </div>
          </dl>
          <h3 id={`${headingId}-letter`}>The written denial, as the patient sees it</h3>
          <article className="staff-correction-letter" aria-labelledby={`${headingId}-letter`}>
            {d.letter.map((paragraph, i) => (
              <p key={i}>{paragraph}</p>
            ))}
          </article>
        </>
      )}
    </section>
  );
}

function DisagreementCard({ request: r, myAccountId, children }: { request: CorrectionView; myAccountId: string | undefined; children: ReactNode }) {
  const headingId = useId();
  const disagreement = r.disagreement!;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Statement of disagreement</h2>
      <p className="muted">Filed by the patient on {formatCorrectionDay(disagreement.at)}.</p>
      <Quote>{disagreement.statement}</Quote>
      {r.rebuttal ? (
        <>
          <h3>Rebuttal</h3>
          <p className="muted">
            Written by {actorText(r.rebuttal.by, myAccountId)} on {formatCorrectionDay(r.rebuttal.at)}. A copy was sent to the patient.
          </p>
          <Quote>{r.rebuttal.text}</Quote>
        </>
      ) : (
        children
      )}
    </section>
  );
}

function SummaryCard({ request: r, now }: { request: CorrectionView; now: number }) {
  const headingId = useId();
  const closed = closedAt(r);
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Summary</h2>
      <dl className="staff-correction-summary">
        <div>
          <dt>Patient</dt>
          <dd>
            <Link to={`/patients/${encodeURIComponent(r.patientId)}`}>{patientLabel(r)}</Link>
            {r.patient && (
              <span className="table__sub">
                MRN <span className="mono">{r.patient.mrn}</span>
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Received</dt>
          <dd>
            <time dateTime={r.receivedAt}>{formatCorrectionDay(r.receivedAt)}</time>
          </dd>
        </div>
        {closed ? (
          <div>
            <dt>{r.status === 'withdrawn' ? 'Withdrawn' : 'Decided'}</dt>
            <dd>
              <time dateTime={closed}>{formatCorrectionDay(closed)}</time>
            </dd>
          </div>
        ) : (
          <div>
            <dt>Due</dt>
            <dd>
              <time dateTime={r.dueAt}>{formatCorrectionDay(r.dueAt)}</time>
              <span className={r.overdue ? 'table__sub staff-correction-late' : 'table__sub'}>{daysLeftText(r.dueAt, now)}</span>
            </dd>
          </div>
        )}
        {r.extension && (
          <div>
            <dt>Extended</dt>
            <dd>
              On {formatCorrectionDay(r.extension.at)}, from {formatCorrectionDay(r.extension.previousDueAt)}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
