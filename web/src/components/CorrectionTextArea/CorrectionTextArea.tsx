import { useEffect, useRef, useState, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { cx } from '../../lib/class-names';

export interface CorrectionTextAreaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'value' | 'onChange' | 'children' | 'maxLength'> {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  value: string;
  onValueChange: (value: string) => void;
  /** The most characters the API takes; the count says how many are left (or how many too many). */
  maxChars: number;
}

const number = (n: number) => n.toLocaleString('en-US');

export function remainingText(length: number, max: number): string {
  const left = max - length;
  if (left >= 0) return `You have ${number(left)} ${left === 1 ? 'character' : 'characters'} remaining`;
  return `You have ${number(-left)} ${left === -1 ? 'character' : 'characters'} too many`;
}

/** Screen readers hear the count once typing pauses, not on every key. */
const ANNOUNCE_DELAY_MS = 1000;

/**
 * A labelled text area with a character count (GOV.UK's pattern): no hard limit, so that pasted text can be
 * edited down, and the count turns into an error past the limit. Hint, limit and error are tied to it.
 */
export function CorrectionTextArea({ id, label, hint, error, value, onValueChange, maxChars, rows = 5, className, ...textarea }: CorrectionTextAreaProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const limitId = `${id}-limit`;
  const errorId = error ? `${id}-error` : undefined;
  const count = remainingText(value.length, maxChars);
  const [announced, setAnnounced] = useState('');
  const typed = useRef(false);

  useEffect(() => {
    if (!typed.current) return;
    const timer = setTimeout(() => setAnnounced(count), ANNOUNCE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [count]);

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
          <span className="visually-hidden">Error:</span> {error}
        </p>
      )}
      <textarea
        id={id}
        className={cx('input', 'textarea')}
        rows={rows}
        value={value}
        onChange={(event) => {
          typed.current = true;
          onValueChange(event.target.value);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, limitId, errorId].filter(Boolean).join(' ')}
        {...textarea}
      />
      <p id={limitId} className="visually-hidden">
        You can enter up to {number(maxChars)} characters.
      </p>
      <p className={cx('character-count', value.length > maxChars && 'character-count--over')} aria-hidden="true">
        {count}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {announced}
      </p>
    </div>
  );
}
