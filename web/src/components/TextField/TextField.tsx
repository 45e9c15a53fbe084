import type { InputHTMLAttributes, ReactNode } from 'react';
import { cx } from '../../lib/class-names';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'children'> {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  value: string;
  onValueChange: (value: string) => void;
  /** Shown after the input on the same line (e.g. a "Show password" button). */
  suffix?: ReactNode;
  width?: 'full' | 'medium' | 'short' | 'date';
}

/** A labelled input with its hint and error tied to it (aria-describedby), GOV.UK-style. */
export function TextField({ id, label, hint, error, value, onValueChange, suffix, width = 'full', className, ...input }: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cx('field', error && 'field--error', className)}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="field__hint" id={hintId}>
          {hint}
        </div>
      )}
      {error && (
        <p className="field__error" id={errorId}>
          <span className="visually-hidden">Error:</span>{' '}
          {error}
        </p>
      )}
      <div className="field__control">
        <input
          id={id}
          className={cx('input', `input--${width}`)}
          value={value}
          onChange={(event) => onValueChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...input}
        />
        {suffix}
      </div>
    </div>
  );
}
