import { useId } from 'react';
import type { ActivityFilter } from '../../api/portal-api';
import type { ActivityKind } from '../../domain';
import { ACTIVITY_KIND_OPTIONS } from '../ActivityText/activity-text';
import { FilterFieldset } from '../RecordFilters/FilterFieldset';

export interface ActivityFilterValue {
  /** YYYY-MM-DD or ''. */
  from: string;
  to: string;
  /** '' for every kind. */
  kind: ActivityKind | '';
}

export const NO_ACTIVITY_FILTER: ActivityFilterValue = { from: '', to: '', kind: '' };

/** A range whose From is after its To matches nothing: the filters say so instead of asking the server. */
export function isValidActivityFilter(value: ActivityFilterValue): boolean {
  return !value.from || !value.to || value.from <= value.to;
}

export function isActivityFiltered(value: ActivityFilterValue): boolean {
  return value.from !== '' || value.to !== '' || value.kind !== '';
}

/** The filter as the server takes it (it filters, so that paging stays a query on a key). */
export function activityQuery(value: ActivityFilterValue): ActivityFilter {
  return {
    ...(value.from ? { from: value.from } : {}),
    ...(value.to ? { to: value.to } : {}),
    ...(value.kind ? { kind: value.kind } : {}),
  };
}

export interface ActivityFiltersProps {
  value: ActivityFilterValue;
  onChange: (value: ActivityFilterValue) => void;
}

/** Kind of activity and date range; applied as they change. */
export function ActivityFilters({ value, onChange }: ActivityFiltersProps) {
  const kindId = useId();
  return (
    <FilterFieldset
      from={value.from}
      to={value.to}
      onFromChange={(from) => onChange({ ...value, from })}
      onToChange={(to) => onChange({ ...value, to })}
      filtered={isActivityFiltered(value)}
      onClear={() => onChange(NO_ACTIVITY_FILTER)}
    >
      <div className="record-filters__field">
        <label className="field__label" htmlFor={kindId}>
          What happened
        </label>
        <select id={kindId} className="input" value={value.kind} onChange={(e) => onChange({ ...value, kind: e.target.value as ActivityKind | '' })}>
          <option value="">Everything</option>
          {ACTIVITY_KIND_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
    </FilterFieldset>
  );
}
