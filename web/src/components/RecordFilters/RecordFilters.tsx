import { useId } from 'react';
import type { AccountLink } from '../../domain';
import { NO_FILTER, isFiltered, type RecordFilter } from '../../record/filter';
import { FilterFieldset } from './FilterFieldset';

export interface RecordFiltersProps {
  practices: readonly AccountLink[];
  value: RecordFilter;
  onChange: (filter: RecordFilter) => void;
}

/** Practice and date range; applied as they change (the server filters). */
export function RecordFilters({ practices, value, onChange }: RecordFiltersProps) {
  const practiceId = useId();
  return (
    <FilterFieldset
      from={value.from}
      to={value.to}
      onFromChange={(from) => onChange({ ...value, from })}
      onToChange={(to) => onChange({ ...value, to })}
      filtered={isFiltered(value)}
      onClear={() => onChange(NO_FILTER)}
    >
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
    </FilterFieldset>
  );
}
