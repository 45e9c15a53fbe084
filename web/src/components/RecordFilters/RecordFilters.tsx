import { useId } from 'react';
import type { AccountLink } from '../../domain';
import { NO_FILTER, isFiltered, type RecordFilter } from '../../record/filter';
import { Button } from '../Button/Button';
import { DateRangeFields } from '../DateRangeFields/DateRangeFields';

export interface RecordFiltersProps {
  practices: readonly AccountLink[];
  value: RecordFilter;
  onChange: (filter: RecordFilter) => void;
}

/** Practice and date range; applied as they change, to what has been loaded. */
export function RecordFilters({ practices, value, onChange }: RecordFiltersProps) {
  const practiceId = useId();
  const invalid = value.from !== '' && value.to !== '' && value.from > value.to;
  const errorId = useId();
  return (
    <fieldset className="record-filters">
      <legend className="record-filters__legend">Filter</legend>
      <div className="record-filters__fields">
        <div className="record-filters__field">
          <label className="field__label" htmlFor={practiceId}>
            Practice
          </label>
          <select id={practiceId} className="input" value={value.practiceId} onChange={(e) => onChange({ ...value, practiceId: e.target.value })}>
            <option value="">All practices</option>
            {practices.map((p) => (
              <option key={p.practiceId} value={p.practiceId}>
                {p.practiceName}
              </option>
            ))}
          </select>
        </div>
        <DateRangeFields
          from={value.from}
          to={value.to}
          onFromChange={(from) => onChange({ ...value, from })}
          onToChange={(to) => onChange({ ...value, to })}
          invalid={invalid}
          errorId={errorId}
          bounded
        />
        {isFiltered(value) && (
          <Button variant="secondary" size="small" className="record-filters__clear" onClick={() => onChange(NO_FILTER)}>
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
