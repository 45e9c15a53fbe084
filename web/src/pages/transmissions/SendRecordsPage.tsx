import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useCreateTransmission, useMe } from '../../api/hooks';
import { Button } from '../../components/Button/Button';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary';
import { Notice } from '../../components/Notice/Notice';
import { TransmissionAccessCode } from '../../components/TransmissionAccessCode/TransmissionAccessCode';
import { formatTransmissionDate } from '../../components/TransmissionStatusBadge/TransmissionStatusBadge';
import type { TransmissionView } from '../../domain';
import { useFormErrors } from '../../forms/use-form-errors';
import { usePageTitle } from '../../lib/use-page-title';
import { DeliveryStep, FormatsStep, LimitsStep, PurposeStep, RecipientStep, SignatureStep, WhatStep } from './send-steps';
import { INITIAL_VALUES, outcomeUnknown, sendErrorsFromApi, sendSummaryItems, validateSend, type SendFormValues } from './send-form';
import { transmissionPath } from './paths';

/** One key per intended transmission: a retry of the same form (a double click, a lost answer) makes one. */
const newKey = () => crypto.randomUUID();

/**
 * After sending: the access code, once. It lives in this component's state only (not the query cache, the URL or
 * the history entry), so it is gone as soon as the patient leaves the page.
 */
function SentConfirmation({ sent, onAnother }: { sent: TransmissionView; onAnother: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const emailFailed = sent.events.some((e) => e.kind === 'email-failed');
  const downloads = `${sent.maxDownloads} ${sent.maxDownloads === 1 ? 'download' : 'downloads'}`;

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <>
      <div className="page-head">
        <h1 ref={headingRef} tabIndex={-1}>
          {emailFailed ? 'Your records are ready, but the e-mail failed' : 'Your records are on their way'}
        </h1>
        <p className="lead">
          To {sent.recipient.name}
          {sent.recipient.organisation ? `, ${sent.recipient.organisation}` : ''}.
        </p>
      </div>
      {emailFailed ? (
        <div className="alert alert--error" role="alert">
          <p className="alert__title">We couldn't e-mail the link to {sent.recipient.email}</p>
          <p>Check the address and send your records again. Nobody can open this copy without the e-mail.</p>
        </div>
      ) : (
        <Notice tone="success">
          We e-mailed a secure link to <strong>{sent.recipient.email}</strong>. It works until{' '}
          <time dateTime={sent.expiresAt}>{formatTransmissionDate(sent.expiresAt, true)}</time>, for up to {downloads}.
        </Notice>
      )}
      {sent.accessCode ? (
        <TransmissionAccessCode code={sent.accessCode} recipientName={sent.recipient.name} />
      ) : (
        !emailFailed && <Notice>You chose a link without an access code: anyone who has the e-mail can open your records until the link stops working.</Notice>
      )}
      <section className="card" aria-labelledby="tx-next">
        <h2 id="tx-next">What happens next</h2>
        <ul className="transmission-next">
          <li>You can see when the link is opened, each file that is downloaded, and when {sent.recipient.name} confirms they received it.</li>
          <li>You can revoke the link at any time before it expires.</li>
        </ul>
        <div className="button-row">
          <Link className="button" to={transmissionPath(sent.transmissionId)}>
            See this copy
          </Link>
          <Link to="/transmissions">All records you’ve sent</Link>
          <Button variant="link" onClick={onAnother}>
            Send to someone else
          </Button>
        </div>
      </section>
    </>
  );
}

/** /send: the patient directs a copy of their record to someone they choose (HIPAA right of access, ONC transmit). */
export function SendRecordsPage() {
  const [sent, setSent] = useState<TransmissionView | null>(null);
  usePageTitle(sent ? 'Records sent' : 'Send my records');
  const me = useMe();
  const create = useCreateTransmission();
  const form = useFormErrors();
  const [values, setValues] = useState<SendFormValues>(INITIAL_VALUES);
  const [key, setKey] = useState(newKey);
  const [moreOpen, setMoreOpen] = useState(false);
  const [today] = useState(() => new Date());
  const set = useCallback(<K extends keyof SendFormValues>(field: K, value: SendFormValues[K]) => setValues((v) => ({ ...v, [field]: value })), []);
  const practices = useMemo(() => [...new Set((me.data?.links ?? []).map((l) => l.practiceName))], [me.data]);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    const result = validateSend(values, key);
    if (!result.ok) {
      if (result.fields.directAddress || result.fields.fhirServerUrl) setMoreOpen(true);
      form.fail({ fields: result.fields });
      return;
    }
    form.clear();
    try {
      const created = await create.mutateAsync(result.data);
      create.reset();
      setSent(created);
    } catch (error) {
      // Without an answer the copy may exist: the same key again answers it. A refusal made nothing: a new key.
      if (!outcomeUnknown(error)) setKey(newKey());
      const errors = sendErrorsFromApi(error);
      if (errors.fields.directAddress || errors.fields.fhirServerUrl) setMoreOpen(true);
      form.fail(errors);
    }
  };

  const another = () => {
    setSent(null);
    setValues(INITIAL_VALUES);
    setKey(newKey());
    setMoreOpen(false);
    form.clear();
  };

  if (sent) return <SentConfirmation sent={sent} onAnother={another} />;

  const linked = (me.data?.links.length ?? 0) > 0;
  const { errors } = form;
  const step = { values, set, errors: errors.fields };
  return (
    <>
      <div className="page-head transmission-head">
        <div>
          <h1>Send my records</h1>
          <p className="lead">
            Send a copy of your health record to anyone you choose: another doctor, a lawyer, a relative or an app. They get a secure link
            that stops working after the date and the number of downloads you set.
          </p>
        </div>
        <Link to="/transmissions">Records you’ve sent</Link>
      </div>
      {me.data && !linked ? (
        <p className="empty-state">
          You aren't linked to a practice yet, so there is nothing to send. <Link to="/">Link a practice</Link> with the invitation code it
          gave you.
        </p>
      ) : (
        <form className="form transmission-form" noValidate onSubmit={(event) => void onSubmit(event)}>
          <ErrorSummary message={errors.message} items={sendSummaryItems(errors.fields)} focusKey={form.attempt} />
          <RecipientStep {...step} moreOpen={moreOpen} onMoreToggle={setMoreOpen} />
          <WhatStep {...step} />
          <FormatsStep {...step} />
          <PurposeStep {...step} />
          <LimitsStep {...step} />
          <DeliveryStep {...step} />
          <SignatureStep {...step} practices={practices} today={today} />
          <div className="button-row">
            <Button type="submit" pending={create.isPending} pendingLabel="Sending…">
              Send my records
            </Button>
            <Link to="/">Cancel</Link>
          </div>
        </form>
      )}
    </>
  );
}
