import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../../api/api-error';
import { Button } from '../../../components/Button/Button';
import type { CorrectionView } from '../../../domain';
import { useFormErrors } from '../../../forms/use-form-errors';
import { formErrorsFromApi } from '../../../forms/validation';

/** What every action form hands back to the request page. */
export interface ActionCallbacks {
  /** Saved: the request as it is now, and a sentence for the page's confirmation. */
  onDone: (result: CorrectionView, message: string) => void;
  /** 409: someone changed the request first (or its state no longer allows the action). */
  onConflict: (error: ApiError) => void;
  onCancel: () => void;
}

/**
 * The two steps of an action: fill in the form, then confirm what will happen. The form's heading takes the focus
 * when it opens, so that keyboard and screen-reader users land on it.
 */
export function useActionForm(fields: readonly string[], callbacks: ActionCallbacks) {
  const form = useFormErrors();
  const [stage, setStage] = useState<'edit' | 'confirm'>('edit');
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  /** Runs the API call; a 409 goes to the page, anything else back to the form with its message. */
  const send = async (call: () => Promise<CorrectionView>, message: (result: CorrectionView) => string) => {
    try {
      const result = await call();
      callbacks.onDone(result, message(result));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        callbacks.onConflict(error);
        return;
      }
      setStage('edit');
      form.fail(formErrorsFromApi(error, fields));
    }
  };

  const review = (valid: boolean) => {
    if (!valid) return;
    form.clear();
    setStage('confirm');
  };

  /** From the confirmation back to the form, onto the field to change. */
  const back = (fieldId: string) => {
    setStage('edit');
    requestAnimationFrame(() => document.getElementById(fieldId)?.focus());
  };

  return { form, stage, headingRef, send, review, back };
}

export interface ConfirmStepProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  pending: boolean;
  onConfirm: () => void;
  onBack: () => void;
}

/** "Check before you confirm": what will be sent and who will be told, with the confirming button and a way back. */
export function ConfirmStep({ title, children, confirmLabel, pendingLabel, pending, onConfirm, onBack }: ConfirmStepProps) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <div className="staff-correction-confirm" role="group" aria-labelledby={headingId}>
      <h4 id={headingId} ref={headingRef} tabIndex={-1} className="staff-correction-confirm__title">
        {title}
      </h4>
      {children}
      <div className="button-row">
        <Button pending={pending} pendingLabel={pendingLabel} onClick={onConfirm}>
          {confirmLabel}
        </Button>
        {!pending && (
          <Button variant="secondary" onClick={onBack}>
            Change
          </Button>
        )}
      </div>
    </div>
  );
}

/** The edit step's buttons: on to the confirmation, or back to the request. */
export function EditActions({ onCancel }: { onCancel: () => void }) {
  return (
    <div className="button-row">
      <Button type="submit">Continue</Button>
      <Button variant="secondary" onClick={onCancel}>
        Cancel
      </Button>
    </div>
  );
}

/** A person's text, kept as they wrote it (line breaks included). */
export function Quote({ children }: { children: string }) {
  return <blockquote className="staff-correction-quote">{children}</blockquote>;
}
