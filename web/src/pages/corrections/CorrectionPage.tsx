import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/api-error';
import { queryKeys, useFileDisagreement, useMyCorrection, useWithdrawCorrection } from '../../api/hooks';
import { Button } from '../../components/Button/Button';
import { CorrectionStatusBadge, formatCorrectionDate, isOpenCorrection } from '../../components/CorrectionStatusBadge/CorrectionStatusBadge';
import { CorrectionTextArea } from '../../components/CorrectionTextArea/CorrectionTextArea';
import { CorrectionTimeline } from '../../components/CorrectionTimeline/CorrectionTimeline';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary';
import { LoadingState } from '../../components/LoadingState/LoadingState';
import { Notice } from '../../components/Notice/Notice';
import { QueryError } from '../../components/QueryError/QueryError';
import { DISAGREEMENT_MAX_CHARS, DisagreementInput, type CorrectionView } from '../../domain';
import { useFormErrors } from '../../forms/use-form-errors';
import { summaryItems, validate } from '../../forms/validation';
import { usePageTitle } from '../../lib/use-page-title';
import { DATA_CLASS_LABELS } from '../../record/data-classes';

/** The new-request page hands this over, for the confirmation. */
export interface CorrectionPageState {
  created?: boolean;
}

interface Problem {
  title: string;
  message: string;
}

/**
 * A change refused with 409: someone (the practice) changed the request first. The answer's message says what
 * happened; the request is fetched again so that the page shows it as it is now.
 */
function useFailure(requestId: string, setProblem: (p: Problem) => void, title: string) {
  const queryClient = useQueryClient();
  return (error: unknown) => {
    if (error instanceof ApiError && error.status === 409) {
      setProblem({ title: 'This request has changed', message: error.message });
      void queryClient.invalidateQueries({ queryKey: queryKeys.myCorrection(requestId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.myCorrections, exact: true });
      return;
    }
    setProblem({ title, message: errorMessage(error) });
  };
}

function WithdrawPanel({ correction, onDone, onProblem }: { correction: CorrectionView; onDone: (message: string) => void; onProblem: (p: Problem) => void }) {
  const headingId = useId();
  const confirmId = useId();
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const withdraw = useWithdrawCorrection();
  const fail = useFailure(correction.requestId, onProblem, "We couldn't withdraw your request");

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const confirm = async () => {
    if (withdraw.isPending) return;
    try {
      await withdraw.mutateAsync(correction.requestId);
      onDone('You withdrew your request. The practice will not answer it.');
    } catch (error) {
      setConfirming(false);
      fail(error);
    }
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Withdraw your request</h2>
      {!confirming ? (
        <>
          <p>If you no longer want this correction, you can withdraw your request while the practice has not answered it.</p>
          <Button variant="secondary" onClick={() => setConfirming(true)}>
            Withdraw request
          </Button>
        </>
      ) : (
        <div className="correction-confirm" role="group" aria-labelledby={confirmId}>
          <h3 id={confirmId} ref={confirmRef} tabIndex={-1} className="correction-confirm__title">
            Are you sure you want to withdraw this request?
          </h3>
          <p>{correction.practiceName} will stop working on it. You can ask again later, but that is a new request with a new deadline.</p>
          <div className="button-row">
            <Button className="button--danger" pending={withdraw.isPending} pendingLabel="Withdrawing…" onClick={() => void confirm()}>
              Yes, withdraw it
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              No, keep it
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}

const STATEMENT_ID = 'correction-disagreement';

function DisagreementForm({ correction, onDone, onProblem }: { correction: CorrectionView; onDone: (message: string) => void; onProblem: (p: Problem) => void }) {
  const headingId = useId();
  const [statement, setStatement] = useState('');
  const form = useFormErrors();
  const file = useFileDisagreement();
  const fail = useFailure(correction.requestId, onProblem, "We couldn't send your statement");

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (file.isPending) return;
    const result = validate(DisagreementInput, { statement });
    if (!result.ok) {
      form.fail({ fields: result.fields });
      return;
    }
    form.clear();
    try {
      await file.mutateAsync({ requestId: correction.requestId, statement: result.data.statement });
      onDone(`Your statement of disagreement was sent to ${correction.practiceName}. They add it to your record, and may answer it.`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) fail(error);
      else form.fail({ message: errorMessage(error), fields: {} });
    }
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Disagree with the denial</h2>
      <p>
        If you think the denial is wrong, you can send a statement saying why. {correction.practiceName} must add it to your
        record, and it goes with the information it is about whenever they share it. They may write an answer (a
        rebuttal), which you will see here.
      </p>
      <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <ErrorSummary headingLevel={3} message={form.errors.message} items={summaryItems(form.errors.fields, [['statement', STATEMENT_ID]])} focusKey={form.attempt} />
        <CorrectionTextArea
          id={STATEMENT_ID}
          label="Your statement of disagreement"
          hint="Say what you disagree with and why. Keep it short: the practice shares it with your record."
          value={statement}
          onValueChange={setStatement}
          error={form.errors.fields.statement}
          maxChars={DISAGREEMENT_MAX_CHARS}
          rows={6}
        />
        <Button type="submit" pending={file.isPending} pendingLabel="Sending…">
          Send my statement
        </Button>
      </form>
    </section>
  );
}

function WhatYouAsked({ correction: c }: { correction: CorrectionView }) {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>What you asked</h2>
      <dl className="correction-asked">
        <div>
          <dt>About</dt>
          <dd>
            {c.targetLabel}
            {c.target.kind === 'document' && (
              <span className="correction-asked__link">
                <Link to={`/documents/${encodeURIComponent(c.target.documentId)}`}>Open the document</Link>
              </span>
            )}
            {c.target.kind === 'item' && (
              <span className="correction-asked__link">
                <Link to={`/record/${c.target.dataClass}`}>See your {DATA_CLASS_LABELS[c.target.dataClass].noun.many}</Link>
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Practice</dt>
          <dd>{c.practiceName}</dd>
        </div>
        <div>
          <dt>Sent</dt>
          <dd>
            <time dateTime={c.receivedAt}>{formatCorrectionDate(c.receivedAt)}</time>
          </dd>
        </div>
        <div>
          <dt>What is wrong</dt>
          <dd className="correction-text">{c.whatIsWrong}</dd>
        </div>
        <div>
          <dt>What it should say</dt>
          <dd className="correction-text">{c.shouldSay}</dd>
        </div>
        <div>
          <dt>Why</dt>
          <dd className="correction-text">{c.reason}</dd>
        </div>
        <div>
          <dt>People to tell if accepted</dt>
          <dd>
            {c.notify.length === 0 ? (
              'No one'
            ) : (
              <ul className="correction-asked__people">
                {c.notify.map((p, i) => (
                  <li key={`${p.email}-${i}`}>
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

function BackLink() {
  return (
    <p className="back-link">
      <Link to="/corrections">← Your correction requests</Link>
    </p>
  );
}

/** /corrections/:requestId: one of the patient's requests, every step of it, and what they can do next. */
export function CorrectionPage() {
  usePageTitle('Correction request');
  const { requestId = '' } = useParams();
  const location = useLocation();
  const correction = useMyCorrection(requestId);
  const timelineId = useId();
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const messagesRef = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  // "Your request has been sent" belongs to the visit that sent it: kept for this visit, and taken out of the
  // history entry so that a reload or a return by Back (perhaps once the request is answered) does not say it again.
  const [created] = useState(() => (location.state as CorrectionPageState | null)?.created === true);
  useEffect(() => {
    if ((location.state as CorrectionPageState | null)?.created) void navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null });
  }, [location, navigate]);

  useEffect(() => {
    if (done || problem) messagesRef.current?.focus();
  }, [done, problem]);

  if (correction.isPending) {
    return (
      <>
        <BackLink />
        <LoadingState label="Loading your request…" />
      </>
    );
  }
  if (correction.isError) {
    return (
      <>
        <BackLink />
        <div className="page-head">
          <h1>Correction request</h1>
        </div>
        <QueryError error={correction.error} title="We couldn't load this request" onRetry={() => void correction.refetch()} />
      </>
    );
  }
  const c = correction.data;
  const onDone = (message: string) => {
    setProblem(null);
    setDone(message);
  };
  const onProblem = (p: Problem) => {
    setDone(null);
    setProblem(p);
  };
  return (
    <>
      <BackLink />
      <div className="page-head correction-head">
        <h1>Your correction request</h1>
        <p className="lead">
          To {c.practiceName}, about: {c.targetLabel}
        </p>
        <p className="correction-head__status">
          <CorrectionStatusBadge correction={c} />
        </p>
      </div>
      <div ref={messagesRef} tabIndex={-1} className="correction-messages">
        {created && isOpenCorrection(c) && !done && !problem && (
          <Notice tone="success">
            <strong>Your request has been sent to {c.practiceName}.</strong> They must answer by{' '}
            <time dateTime={c.dueAt}>{formatCorrectionDate(c.dueAt)}</time>. We will e-mail you when they do.
          </Notice>
        )}
        {done && <Notice tone="success">{done}</Notice>}
        {problem && (
          <div className="alert alert--error" role="alert">
            <p className="alert__title">{problem.title}</p>
            <p>{problem.message}</p>
            {correction.isFetching && <p className="alert__meta">Loading the request as it is now…</p>}
          </div>
        )}
      </div>
      <div className="split">
        <div className="split__main">
          <section className="card" aria-labelledby={timelineId} aria-busy={correction.isFetching || undefined}>
            <h2 id={timelineId}>What has happened</h2>
            <CorrectionTimeline correction={c} />
          </section>
          {isOpenCorrection(c) && <WithdrawPanel correction={c} onDone={onDone} onProblem={onProblem} />}
          {c.status === 'denied' && !c.disagreement && <DisagreementForm correction={c} onDone={onDone} onProblem={onProblem} />}
        </div>
        <div className="split__side">
          <WhatYouAsked correction={c} />
        </div>
      </div>
    </>
  );
}
