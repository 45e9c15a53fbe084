import { useId, useState, type FormEvent } from 'react';
import { useRebutDisagreement } from '../../../api/hooks';
import { ErrorSummary } from '../../../components/ErrorSummary/ErrorSummary';
import { RebuttalInput, type CorrectionView } from '../../../domain';
import { summaryItems, validate } from '../../../forms/validation';
import { ConfirmStep, EditActions, Quote, useActionForm, type ActionCallbacks } from './action-form';
import { CorrectionTextArea } from '../../../components/CorrectionTextArea/CorrectionTextArea';

const FIELDS = ['text'] as const;

/** The practice's answer to a statement of disagreement, once; the patient gets a copy. */
export function RebuttalForm({ request, ...callbacks }: { request: CorrectionView } & ActionCallbacks) {
  const id = useId();
  const textId = `${id}-text`;
  const [text, setText] = useState('');
  const rebut = useRebutDisagreement();
  const { form, stage, headingRef, send, review, back } = useActionForm(FIELDS, callbacks);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = validate(RebuttalInput, { text });
    if (!result.ok) form.fail({ fields: result.fields });
    review(result.ok);
  };
  const confirm = () => {
    if (rebut.isPending) return;
    void send(
      () => rebut.mutateAsync({ patientId: request.patientId, requestId: request.requestId, text: text.trim() }),
      () => 'Rebuttal saved. A copy has been sent to the patient.',
    );
  };

  return (
    <form className="form staff-correction-form" noValidate onSubmit={onSubmit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        Write a rebuttal
      </h3>
      <p>
        Optional. The rebuttal is kept with the request and the patient's statement, and goes with the record wherever it is disclosed. A copy goes
        to the patient.
      </p>
      {stage === 'edit' ? (
        <>
          <ErrorSummary headingLevel={3} message={form.errors.message} items={summaryItems(form.errors.fields, [['text', textId]])} focusKey={form.attempt} />
          <CorrectionTextArea
            id={textId}
            label="Rebuttal"
            hint="Why the practice stands by its decision. The patient receives a copy."
            value={text}
            onValueChange={setText}
            error={form.errors.fields.text}
            rows={5}
            maxChars={4000}
          />
          <EditActions onCancel={callbacks.onCancel} />
        </>
      ) : (
        <ConfirmStep
          title="Send this rebuttal?"
          confirmLabel="Save and send a copy"
          pendingLabel="Sending…"
          pending={rebut.isPending}
          onConfirm={confirm}
          onBack={() => back(textId)}
        >
          <p>Only one rebuttal can be written. The patient receives a copy of:</p>
          <Quote>{text.trim()}</Quote>
        </ConfirmStep>
      )}
    </form>
  );
}
