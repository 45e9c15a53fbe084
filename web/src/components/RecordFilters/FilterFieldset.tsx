import { useId, type ReactNode } from 'react';
import { Button } from '../Button/Button';
import { DateRangeFields } from '../DateRangeFields/DateRangeFields';

export interface FilterFieldsetProps {
  /** The field before the dates (a practice, a kind of activity). */
  children: ReactNode;
  /** YYYY-MM-DD or ''. */
  from: string;
  to: string;
  onFromChange: (from: string) => void;
  onToChange: (to: string) => void;
  /** Whether anything is set: offers "Clear filters". */
  filtered: boolean;
  onClear: () => void;
}

/**
 * The filters of a list, applied as they change: one field of the list's own, a date range, "Clear filters", and
 * the message when the range ends before it starts.
 */
export function FilterFieldset({ children, from, to, onFromChange, onToChange, filtered, onClear }: FilterFieldsetProps) {
  const errorId = useId();
  const invalid = from !== '' && to !== '' && from > to;
  return (
    <fieldset className="record-filters">
      <legend className="record-filters__legend">Filter</legend>
      <div className="record-filters__fields">
        {children}
        <DateRangeFields from={from} to={to} onFromChange={onFromChange} onToChange={onToChange} invalid={invalid} errorId={errorId} bounded />
        {filtered && (
          <Button variant="secondary" size="small" className="record-filters__clear" onClick={onClear}>
            Clear filters
          </Button>
        )}
      </div>
      {invalid && (
        <p id={errorId} className="field__error">
          The "From" date is after the "To" date.
        </p>
      )}
    </fieldset>
  );
}
