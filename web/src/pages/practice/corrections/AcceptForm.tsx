import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useAcceptCorrection, usePatientDocuments } from '../../../api/hooks';
import { Button } from '../../../components/Button/Button';
import { ErrorSummary } from '../../../components/ErrorSummary/ErrorSummary';
import { AcceptCorrectionInput, type CorrectionView, type DocumentSummary } from '../../../domain';
import { summaryItems, validate } from '../../../forms/validation';
import { formatCalendarDate } from '../../../lib/format';
import { ConfirmStep, EditActions, Quote, useActionForm, type ActionCallbacks } from './action-form';
import { CorrectionTextArea } from '../../../components/CorrectionTextArea/CorrectionTextArea';

const FIELDS = ['amendment', 'amendmentDocumentId'] as const;

const documentLabel = (d: Pick<DocumentSummary, 'title' | 'date'>) => `${d.title} (${formatCalendarDate(d.date)})`;

/** Who hears of an acceptance: the patient, and each person they named. */
export function notifiedText(request: Pick<CorrectionView, 'notify'>): string {
  const named = request.notify.map((p) => (p.organisation ? `${p.name} (${p.organisation})` : p.name));
  return named.length ? `The patient and the people they named (${named.join(', ')}) are notified.` : 'The patient is notified.';
}

/**
 * Accept: the amendment (the corrected content, or a statement appended to the record), optionally a document of
 * the patient that carries it. The original stays as it was, marked as amended.
 */
export function AcceptForm({ request, ...callbacks }: { request: CorrectionView } & ActionCallbacks) {
  const id = useId();
  const amendmentId = `${id}-amendment`;
  const documentId = `${id}-document`;
  const [amendment, setAmendment] = useState('');
  const [amendmentDocumentId, setAmendmentDocumentId] = useState('');
  const documents = usePatientDocuments(request.patientId);
  const accept = useAcceptCorrection();
  const { form, stage, headingRef, send, review, back } = useActionForm(FIELDS, callbacks);
  const items = documents.data?.pages.flatMap((p) => p.items) ?? [];
  const chosen = items.find((d) => d.documentId === amendmentDocumentId);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = validate(AcceptCorrectionInput, { amendment, ...(amendmentDocumentId ? { amendmentDocumentId } : {}) });
    if (!result.ok) form.fail({ fields: result.fields });
    review(result.ok);
  };
  const confirm = () => {
    if (accept.isPending) return;
    void send(
      () =>
        accept.mutateAsync({
          patientId: request.patientId,
          requestId: request.requestId,
          amendment: amendment.trim(),
          ...(amendmentDocumentId ? { amendmentDocumentId } : {}),
        }),
      (r) => {
        const count = r.decision?.outcome === 'accepted' ? r.decision.notifiedCount : 0;
        const others = count > 0 ? ` ${count === 1 ? '1 person they named was' : `${count} people they named were`} notified.` : '';
        return `Correction accepted. The record is marked as amended and the patient has been told.${others}`;
      },
    );
  };

  return (
    <form className="form staff-correction-form" noValidate onSubmit={onSubmit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        Accept the correction
      </h3>
      <p>
        The original stays in the record as it was, marked as amended by this request, and the amendment goes with it wherever the record goes.{' '}
        {notifiedText(request)}
      </p>
      {stage === 'edit' ? (
        <>
          <ErrorSummary
            headingLevel={3}
            message={form.errors.message}
            items={summaryItems(form.errors.fields, [
              ['amendment', amendmentId],
              ['amendmentDocumentId', documentId],
            ])}
            focusKey={form.attempt}
          />
          <CorrectionTextArea
            id={amendmentId}
            label="Amendment"
            hint="The corrected content, or a statement appended to the record. The patient sees it with the record."
            value={amendment}
            onValueChange={setAmendment}
            error={form.errors.fields.amendment}
            rows={6}
            maxChars={4000}
          />
          <div className={form.errors.fields.amendmentDocumentId ? 'field field--error' : 'field'}>
            <label className="field__label" htmlFor={documentId}>
              Amendment document (optional)
            </label>
            <div className="field__hint" id={`${documentId}-hint`}>
              A document of this patient that carries the corrected content. Upload it on the{' '}
              <Link to={`/patients/${encodeURIComponent(request.patientId)}`}>patient's page</Link> first.
            </div>
            {form.errors.fields.amendmentDocumentId && (
              <p className="field__error" id={`${documentId}-error`}>
                <span className="visually-hidden">Error:</span> {form.errors.fields.amendmentDocumentId}
              </p>
            )}
            <div className="field__control">
              <select
                id={documentId}
                className="input input--full"
                value={amendmentDocumentId}
                onChange={(event) => setAmendmentDocumentId(event.target.value)}
                aria-describedby={[`${documentId}-hint`, form.errors.fields.amendmentDocumentId && `${documentId}-error`].filter(Boolean).join(' ')}
                aria-invalid={form.errors.fields.amendmentDocumentId ? true : undefined}
              >
                <option value="">None: the amendment text is enough</option>
                {items.map((d) => (
                  <option key={d.documentId} value={d.documentId}>
                    {documentLabel(d)}
                  </option>
                ))}
              </select>
              {documents.hasNextPage && (
                <Button variant="secondary" size="small" pending={documents.isFetchingNextPage} pendingLabel="Loading…" onClick={() => void documents.fetchNextPage()}>
                  Load more documents
                </Button>
              )}
            </div>
            {documents.isPending && <p className="muted staff-correction-note">Loading this patient's documents…</p>}
            {documents.isError && <p className="muted staff-correction-note">This patient's documents could not be loaded; you can accept without one.</p>}
          </div>
          <EditActions onCancel={callbacks.onCancel} />
        </>
      ) : (
        <ConfirmStep
          title="Accept this correction?"
          confirmLabel="Accept and notify"
          pendingLabel="Accepting…"
          pending={accept.isPending}
          onConfirm={confirm}
          onBack={() => back(amendmentId)}
        >
          <p>This decision is final. The record will be marked as amended with:</p>
          <Quote>{amendment.trim()}</Quote>
          <p>{chosen ? `Amendment document: ${documentLabel(chosen)}.` : 'No amendment document.'}</p>
          <p>{notifiedText(request)}</p>
        </ConfirmStep>
      )}
    </form>
  );
}
