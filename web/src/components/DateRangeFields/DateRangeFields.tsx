import { useId } from 'react';

export interface DateRangeFieldsProps {
  from: string;
  to: string;
  onFromChange: (value: string) => void;
  onToChange: (value: string) => void;
  /** Marks both inputs invalid and points them at the message with this id. */
  invalid: boolean;
  errorId: string;
  /** Let the date pickers offer only dates that keep from ≤ to. */
  bounded?: boolean;
}

/** A From and a To date input, as the record filters and the export panel ask for them. */
export function DateRangeFields({ from, to, onFromChange, onToChange, invalid, errorId, bounded = false }: DateRangeFieldsProps) {
  const fromId = useId();
  const toId = useId();
  const described = { 'aria-invalid': invalid || undefined, 'aria-describedby': invalid ? errorId : undefined };
  return (
    <>
      <div className="record-filters__field">
        <label className="field__label" htmlFor={fromId}>
          From
        </label>
        <input id={fromId} type="date" className="input input--date" value={from} max={bounded ? to || undefined : undefined} {...described} onChange={(e) => onFromChange(e.target.value)} />
      </div>
      <div className="record-filters__field">
        <label className="field__label" htmlFor={toId}>
          To
        </label>
        <input id={toId} type="date" className="input input--date" value={to} min={bounded ? from || undefined : undefined} {...described} onChange={(e) => onToChange(e.target.value)} />
      </div>
    </>
  );
}
