import { useEffect, useId, useRef } from 'react';

export interface ErrorSummaryItem {
  /** The id of the input to focus. */
  fieldId: string;
  message: string;
}

export interface ErrorSummaryProps {
  message?: string | undefined;
  items: readonly ErrorSummaryItem[];
  /** Changes on every submit, so that a repeated error still takes the focus. */
  focusKey: number;
  title?: string;
  headingLevel?: 2 | 3;
}

/**
 * The problems with a submitted form, at its top: announced (role=alert), focused, each linked to its field.
 */
export function ErrorSummary({ message, items, focusKey, title = 'There is a problem', headingLevel = 2 }: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const visible = Boolean(message) || items.length > 0;

  useEffect(() => {
    if (visible) ref.current?.focus();
  }, [focusKey, visible]);

  if (!visible) return null;
  // A field-specific answer from the API (e.g. "email taken") is listed once, as a link to its field.
  const showMessage = Boolean(message) && !items.some((item) => item.message === message);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div ref={ref} className="error-summary" role="alert" tabIndex={-1} aria-labelledby={titleId}>
      <Heading className="error-summary__title" id={titleId}>
        {title}
      </Heading>
      {showMessage && <p className="error-summary__message">{message}</p>}
      {items.length > 0 && (
        <ul className="error-summary__list">
          {items.map((item) => (
            <li key={item.fieldId}>
              <a
                href={`#${item.fieldId}`}
                onClick={(event) => {
                  event.preventDefault();
                  document.getElementById(item.fieldId)?.focus();
                }}
              >
                {item.message}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
