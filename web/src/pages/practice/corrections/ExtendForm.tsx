import { useId, useState, type FormEvent } from 'react';
import { useExtendCorrection } from '../../../api/hooks';
import { ErrorSummary } from '../../../components/ErrorSummary/ErrorSummary';
import { EXTENSION_DAYS, ExtendCorrectionInput, type CorrectionView } from '../../../domain';
import { summaryItems, validate } from '../../../forms/validation';
import { ConfirmStep, EditActions, Quote, useActionForm, type ActionCallbacks } from './action-form';
import { addDaysIso, formatCorrectionDay } from './correction-format';
import { CorrectionTextArea } from '../../../components/CorrectionTextArea/CorrectionTextArea';

const FIELDS = ['reason'] as const;

/** One extension of {EXTENSION_DAYS} days, with a reason the patient receives in writing. */
export function ExtendForm({ request, ...callbacks }: { request: CorrectionView } & ActionCallbacks) {
  const id = useId();
  const reasonId = `${id}-reason`;
  const [reason, setReason] = useState('');
  const extend = useExtendCorrection();
  const { form, stage, headingRef, send, review, back } = useActionForm(FIELDS, callbacks);
  const newDueAt = addDaysIso(request.dueAt, EXTENSION_DAYS);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = validate(ExtendCorrectionInput, { reason });
    if (!result.ok) form.fail({ fields: result.fields });
    review(result.ok);
  };
  const confirm = () => {
    if (extend.isPending) return;
    void send(
      () => extend.mutateAsync({ patientId: request.patientId, requestId: request.requestId, reason: reason.trim() }),
      (r) => `Deadline extended to ${formatCorrectionDay(r.dueAt)}. The patient has been told, with your reason.`,
    );
  };

  return (
    <form className="form staff-correction-form" noValidate onSubmit={onSubmit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        Extend the deadline
      </h3>
      <p>
        You may extend once, by {EXTENSION_DAYS} days, while the first due date has not passed. The patient is told in writing, with your reason
        and the new date.
      </p>
      <dl className="details staff-correction-dates">
        <div>
          <dt>Due now</dt>
          <dd>
            <time dateTime={request.dueAt}>{formatCorrectionDay(request.dueAt)}</time>
          </dd>
        </div>
        <div>
          <dt>New due date</dt>
          <dd>
            <time dateTime={newDueAt}>{formatCorrectionDay(newDueAt)}</time>
          </dd>
        </div>
      </dl>
      {stage === 'edit' ? (
        <>
          <ErrorSummary headingLevel={3} message={form.errors.message} items={summaryItems(form.errors.fields, [['reason', reasonId]])} focusKey={form.attempt} />
          <CorrectionTextArea
            id={reasonId}
            label="Reason for the extension"
            hint="Why you need more time. The patient receives it."
            value={reason}
            onValueChange={setReason}
            error={form.errors.fields.reason}
            rows={4}
            maxChars={2000}
          />
          <EditActions onCancel={callbacks.onCancel} />
        </>
      ) : (
        <ConfirmStep
          title={`Extend the deadline to ${formatCorrectionDay(newDueAt)}?`}
          confirmLabel="Extend the deadline"
          pendingLabel="Extending…"
          pending={extend.isPending}
          onConfirm={confirm}
          onBack={() => back(reasonId)}
        >
          <p>This can be done only once. The patient is told, with this reason:</p>
          <Quote>{reason.trim()}</Quote>
        </ConfirmStep>
      )}
    </form>
  );
}
