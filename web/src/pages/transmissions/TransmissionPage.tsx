import { useEffect, useId, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/api-error';
import { useMyTransmission, useRefreshTransmission, useRevokeTransmission } from '../../api/hooks';
import { Button } from '../../components/Button/Button';
import { LoadingState } from '../../components/LoadingState/LoadingState';
import { Notice } from '../../components/Notice/Notice';
import { QueryError } from '../../components/QueryError/QueryError';
import { TransmissionManifest } from '../../components/TransmissionManifest/TransmissionManifest';
import { downloadsText, formatTransmissionDate, TransmissionStatusBadge } from '../../components/TransmissionStatusBadge/TransmissionStatusBadge';
import { TransmissionTimeline } from '../../components/TransmissionTimeline/TransmissionTimeline';
import { FORMAT_LABELS, type TransmissionView } from '../../domain';
import { usePageTitle } from '../../lib/use-page-title';

interface Problem {
  title: string;
  message: string;
}

function RevokePanel({ transmission: t, onDone, onProblem }: { transmission: TransmissionView; onDone: (message: string) => void; onProblem: (p: Problem) => void }) {
  const headingId = useId();
  const confirmId = useId();
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const revoke = useRevokeTransmission();
  const refresh = useRefreshTransmission();

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const confirm = async () => {
    if (revoke.isPending) return;
    try {
      await revoke.mutateAsync(t.transmissionId);
      onDone(`You revoked the link. ${t.recipient.name} can no longer open or download your records with it.`);
    } catch (error) {
      setConfirming(false);
      if (error instanceof ApiError && error.status === 409) {
        // Already revoked or expired meanwhile: the message says which; show the transmission as it is now.
        void refresh(t.transmissionId);
        onProblem({ title: 'This link has already stopped working', message: error.message });
      } else {
        onProblem({ title: "We couldn't revoke the link", message: errorMessage(error) });
      }
    }
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Revoke the link</h2>
      {!confirming ? (
        <>
          <p>If you no longer want {t.recipient.name} to get your records, you can stop the link now.</p>
          <Button variant="secondary" onClick={() => setConfirming(true)}>
            Revoke
          </Button>
        </>
      ) : (
        <div className="transmission-confirm" role="group" aria-labelledby={confirmId}>
          <h3 id={confirmId} ref={confirmRef} tabIndex={-1} className="transmission-confirm__title">
            Are you sure you want to revoke this link?
          </h3>
          <p>
            The link stops working at once and can't be turned back on. Files {t.recipient.name} has already downloaded stay with them. To
            send your records again later, start a new copy.
          </p>
          <div className="button-row">
            <Button className="button--danger" pending={revoke.isPending} pendingLabel="Revoking…" onClick={() => void confirm()}>
              Yes, revoke the link
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

function Details({ transmission: t }: { transmission: TransmissionView }) {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>What you sent</h2>
      <dl className="transmission-details">
        <div>
          <dt>Recipient</dt>
          <dd>
            {t.recipient.name}
            {t.recipient.organisation && <span className="transmission-details__sub">{t.recipient.organisation}</span>}
          </dd>
        </div>
        <div>
          <dt>E-mail</dt>
          <dd className="transmission-details__wrap">{t.recipient.email}</dd>
        </div>
        {t.recipient.directAddress && (
          <div>
            <dt>Direct address</dt>
            <dd className="transmission-details__wrap">{t.recipient.directAddress}</dd>
          </div>
        )}
        {t.recipient.fhirServerUrl && (
          <div>
            <dt>FHIR server</dt>
            <dd className="transmission-details__wrap">{t.recipient.fhirServerUrl}</dd>
          </div>
        )}
        <div>
          <dt>What</dt>
          <dd>{t.description}</dd>
        </div>
        <div>
          <dt>Formats</dt>
          <dd>{t.formats.map((f) => FORMAT_LABELS[f]).join(', ')}</dd>
        </div>
        <div>
          <dt>Purpose</dt>
          <dd className="transmission-details__wrap">{t.purpose}</dd>
        </div>
        <div>
          <dt>How they open it</dt>
          <dd>{t.delivery === 'email-and-code' ? 'E-mail link + access code' : 'E-mail link only'}</dd>
        </div>
        <div>
          <dt>Sent</dt>
          <dd>
            <time dateTime={t.createdAt}>{formatTransmissionDate(t.createdAt, true)}</time>
          </dd>
        </div>
        <div>
          <dt>{t.status === 'expired' ? 'Expired' : 'Expires'}</dt>
          <dd>
            <time dateTime={t.expiresAt}>{formatTransmissionDate(t.expiresAt, true)}</time>
          </dd>
        </div>
        <div>
          <dt>Downloads used</dt>
          <dd>{downloadsText(t)}</dd>
        </div>
        <div>
          <dt>Signed by</dt>
          <dd>
            {t.signature.typedName}
            <span className="transmission-details__sub">
              on <time dateTime={t.signature.signedAt}>{formatTransmissionDate(t.signature.signedAt, true)}</time>
            </span>
          </dd>
        </div>
      </dl>
    </section>
  );
}

function BackLink() {
  return (
    <p className="back-link">
      <Link to="/transmissions">← Records you’ve sent</Link>
    </p>
  );
}

/** /transmissions/:transmissionId: one copy the patient sent, what happened to it, its files, and revoking it. */
export function TransmissionPage() {
  usePageTitle('Sent records');
  const { transmissionId = '' } = useParams();
  const transmission = useMyTransmission(transmissionId);
  const timelineId = useId();
  const filesId = useId();
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const messagesRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (done || problem) messagesRef.current?.focus();
  }, [done, problem]);

  if (transmission.isPending) {
    return (
      <>
        <BackLink />
        <LoadingState label="Loading…" />
      </>
    );
  }
  if (transmission.isError) {
    return (
      <>
        <BackLink />
        <div className="page-head">
          <h1>Sent records</h1>
        </div>
        <QueryError error={transmission.error} title="We couldn't load this copy" onRetry={() => void transmission.refetch()} />
      </>
    );
  }
  const t = transmission.data;
  return (
    <>
      <BackLink />
      <div className="page-head">
        <h1>Copy sent to {t.recipient.name}</h1>
        <p className="lead">{t.description}</p>
        <p className="transmission-head__status">
          <TransmissionStatusBadge transmission={t} />
        </p>
      </div>
      <div ref={messagesRef} tabIndex={-1} className="transmission-messages">
        {done && <Notice tone="success">{done}</Notice>}
        {problem && (
          <div className="alert alert--error" role="alert">
            <p className="alert__title">{problem.title}</p>
            <p>{problem.message}</p>
          </div>
        )}
        {t.confirmedAt && !done && (
          <Notice tone="success">
            {t.recipient.name} confirmed they received your records on{' '}
            <time dateTime={t.confirmedAt}>{formatTransmissionDate(t.confirmedAt, true)}</time>.
          </Notice>
        )}
      </div>
      <div className="split">
        <div className="split__main">
          <section className="card" aria-labelledby={timelineId} aria-busy={transmission.isFetching || undefined}>
            <h2 id={timelineId}>What has happened</h2>
            <TransmissionTimeline transmission={t} />
          </section>
          <section className="card" aria-labelledby={filesId}>
            <h2 id={filesId}>Files sent</h2>
            <p>
              Each file has a SHA-256 fingerprint. The recipient sees the same list, and can check that the files they downloaded are exactly
              the ones sent.
            </p>
            <TransmissionManifest manifest={t.manifest} archive={t.archive} />
          </section>
          {t.status === 'active' && (
            <RevokePanel
              transmission={t}
              onDone={(m) => {
                setProblem(null);
                setDone(m);
              }}
              onProblem={(p) => {
                setDone(null);
                setProblem(p);
              }}
            />
          )}
        </div>
        <div className="split__side">
          <Details transmission={t} />
        </div>
      </div>
    </>
  );
}
