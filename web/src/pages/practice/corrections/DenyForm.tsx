import { useId, useState, type FormEvent } from 'react';
import { useDenyCorrection } from '../../../api/hooks';
import { ErrorSummary } from '../../../components/ErrorSummary/ErrorSummary';
import { DENIAL_GROUND_TEXT, DENIAL_GROUNDS, DenyCorrectionInput, type CorrectionView, type DenialGround } from '../../../domain';
import { summaryItems, validate } from '../../../forms/validation';
import { cx } from '../../../lib/class-names';
import { ConfirmStep, EditActions, Quote, useActionForm, type ActionCallbacks } from './action-form';
import { DENIAL_GROUND_LABEL } from './correction-format';
import { CorrectionTextArea } from '../../../components/CorrectionTextArea/CorrectionTextArea';

const FIELDS = ['ground', 'explanation'] as const;
export const GROUND_REQUIRED = 'Choose the ground for the denial.';

/**
 * Deny, on one of the grounds of 164.526(a)(2) and nothing else, with an explanation for the patient. The written
 * denial is produced by the server from both and shown on the request once saved.
 */
export function DenyForm({ request, ...callbacks }: { request: CorrectionView } & ActionCallbacks) {
  const id = useId();
  const groundId = (g: DenialGround) => `${id}-ground-${g}`;
  const explanationId = `${id}-explanation`;
  const [ground, setGround] = useState<DenialGround | ''>('');
  const [explanation, setExplanation] = useState('');
  const deny = useDenyCorrection();
  const { form, stage, headingRef, send, review, back } = useActionForm(FIELDS, callbacks);
  const groundError = form.errors.fields.ground;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = validate(DenyCorrectionInput, { ground: ground || undefined, explanation });
    // The schema's own message lists the grounds' codes; staff need a plain instruction.
    if (!result.ok) form.fail({ fields: { ...result.fields, ...(result.fields.ground ? { ground: GROUND_REQUIRED } : {}) } });
    review(result.ok);
  };
  const confirm = () => {
    if (deny.isPending || !ground) return;
    void send(
      () => deny.mutateAsync({ patientId: request.patientId, requestId: request.requestId, ground, explanation: explanation.trim() }),
      () => 'Request denied. The patient has been sent the written denial below.',
    );
  };

  return (
    <form className="form staff-correction-form" noValidate onSubmit={onSubmit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        Deny the request
      </h3>
      <p>
        A request may be denied only on one of the grounds of 45 CFR 164.526(a)(2). The patient receives a written denial with the ground, your
        explanation, their right to file a statement of disagreement, and how to complain.
      </p>
      {stage === 'edit' ? (
        <>
          <ErrorSummary
            headingLevel={3}
            message={form.errors.message}
            items={summaryItems(form.errors.fields, [
              ['ground', groundId(DENIAL_GROUNDS[0])],
              ['explanation', explanationId],
            ])}
            focusKey={form.attempt}
          />
          <fieldset className={cx('field choice-group', groundError && 'field--error')} aria-describedby={groundError ? `${id}-ground-error` : undefined}>
            <legend className="field__label">Ground for the denial</legend>
            {groundError && (
              <p className="field__error" id={`${id}-ground-error`}>
                <span className="visually-hidden">Error:</span> {groundError}
              </p>
            )}
            {DENIAL_GROUNDS.map((g) => (
              <div key={g} className="choice">
                <input
                  id={groundId(g)}
                  className="choice__input"
                  type="radio"
                  name={`${id}-ground`}
                  value={g}
                  checked={ground === g}
                  aria-describedby={`${groundId(g)}-hint`}
                  onChange={() => setGround(g)}
                />
                <label className="choice__label" htmlFor={groundId(g)}>
                  {DENIAL_GROUND_LABEL[g]}
                </label>
                <span id={`${groundId(g)}-hint`} className="choice__hint">
                  The letter says: “{DENIAL_GROUND_TEXT[g]}”
                </span>
              </div>
            ))}
          </fieldset>
          <CorrectionTextArea
            id={explanationId}
            label="Explanation"
            hint="Why this ground applies, in plain language for the patient. It is part of the written denial."
            value={explanation}
            onValueChange={setExplanation}
            error={form.errors.fields.explanation}
            rows={5}
            maxChars={4000}
          />
          <EditActions onCancel={callbacks.onCancel} />
        </>
      ) : (
        <ConfirmStep
          title="Deny this request?"
          confirmLabel="Deny and send the letter"
          pendingLabel="Denying…"
          pending={deny.isPending}
          onConfirm={confirm}
          onBack={() => back(explanationId)}
        >
          <p>This decision is final. The patient is told at once and receives the written denial.</p>
          {ground && (
            <p>
              <strong>Ground:</strong> {DENIAL_GROUND_LABEL[ground]}
            </p>
          )}
          <p>
            <strong>Explanation:</strong>
          </p>
          <Quote>{explanation.trim()}</Quote>
        </ConfirmStep>
      )}
    </form>
  );
}
