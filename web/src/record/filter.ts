import type { RecordItemView } from '../domain';
import type { ListFilter } from '../api/portal-api';
import { presentResource } from './present';

export interface RecordFilter {
  /** '' for every practice. */
  practiceId: string;
  /** YYYY-MM-DD or ''. */
  from: string;
  to: string;
}

export const NO_FILTER: RecordFilter = { practiceId: '', from: '', to: '' };

/** The item's clinical date: the server's, else the one in the resource. */
export function itemDate(item: RecordItemView): string | undefined {
  return item.date ?? presentResource(item.resource).date;
}

/** A range whose From is after its To matches nothing; the filters say so instead of asking the server. */
export function isValidFilter(filter: RecordFilter): boolean {
  return !filter.from || !filter.to || filter.from <= filter.to;
}

/**
 * The filter as the list endpoints take it (the server filters, so that every page matches and paging stays a
 * Query on a key). With a date range, items without a date are left out: nothing says they fall inside it.
 */
export function filterQuery(filter: RecordFilter): ListFilter {
  return {
    ...(filter.practiceId ? { practiceId: filter.practiceId } : {}),
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
  };
}

export function isFiltered(filter: RecordFilter): boolean {
  return filter.practiceId !== '' || filter.from !== '' || filter.to !== '';
}
